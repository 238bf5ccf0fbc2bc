import { markerPackage } from '@wolfpack/testing/marker-type';
import { apiPath } from './harness/calls.ts';
import { fresh, group, node, registeredType, resource, type Row, user } from './harness/role-matrix.ts';

// The role matrix's rows for the routes only an admin may call (role-matrix-rows.ts has the rest).
export const adminRows: Row[] = [
  // Admins: everything else.
  {
    method: 'PATCH',
    route: '/api/v1/cluster',
    least: 'admin',
    ok: 200,
    prepare: async () => ({ path: apiPath`/cluster`, body: { description: fresh('changed') } }),
  },
  {
    method: 'POST',
    route: '/api/v1/nodes',
    least: 'admin',
    ok: 201,
    prepare: async () => ({ path: apiPath`/nodes`, body: { name: fresh('MX_NODE') } }),
  },
  {
    method: 'DELETE',
    route: '/api/v1/nodes/{name}',
    least: 'admin',
    ok: 200,
    prepare: async () => ({ path: apiPath`/nodes/${await node()}` }),
  },
  {
    method: 'POST',
    route: '/api/v1/nodes/{name}/rename',
    least: 'admin',
    ok: 200,
    prepare: async () => ({ path: apiPath`/nodes/${await node()}/rename`, body: { newName: fresh('MX_NODE') } }),
  },
  {
    method: 'POST',
    route: '/api/v1/groups',
    least: 'admin',
    ok: 201,
    prepare: async () => ({ path: apiPath`/groups`, body: { name: fresh('MX_GROUP') } }),
  },
  {
    method: 'PATCH',
    route: '/api/v1/groups/{name}',
    least: 'admin',
    ok: 200,
    prepare: async () => ({ path: apiPath`/groups/${await group()}`, body: { description: 'changed' } }),
  },
  {
    method: 'DELETE',
    route: '/api/v1/groups/{name}',
    least: 'admin',
    ok: 200,
    prepare: async () => ({ path: apiPath`/groups/${await group()}` }),
  },
  {
    method: 'POST',
    route: '/api/v1/groups/{name}/rename',
    least: 'admin',
    ok: 200,
    prepare: async () => ({ path: apiPath`/groups/${await group()}/rename`, body: { newName: fresh('MX_GROUP') } }),
  },
  {
    method: 'POST',
    route: '/api/v1/resources',
    least: 'admin',
    ok: 201,
    prepare: async () => ({
      path: apiPath`/resources`,
      body: {
        name: fresh('MX_RES'),
        group: 'MX_APPS',
        resourceType: 'Generic Application',
        private: { CommandLine: 'sleep 1000' },
      },
    }),
  },
  {
    method: 'PATCH',
    route: '/api/v1/resources/{name}',
    least: 'admin',
    ok: 200,
    prepare: async () => ({ path: apiPath`/resources/${await resource()}`, body: { description: 'changed' } }),
  },
  {
    method: 'PATCH',
    route: '/api/v1/resources/{name}/properties',
    least: 'admin',
    ok: 200,
    prepare: async () => ({
      path: apiPath`/resources/${await resource()}/properties`,
      body: { common: { restartThreshold: 1 } },
    }),
  },
  {
    method: 'DELETE',
    route: '/api/v1/resources/{name}',
    least: 'admin',
    ok: 200,
    prepare: async () => ({ path: apiPath`/resources/${await resource()}` }),
  },
  {
    method: 'POST',
    route: '/api/v1/resources/{name}/rename',
    least: 'admin',
    ok: 200,
    prepare: async () => ({
      path: apiPath`/resources/${await resource()}/rename`,
      body: { newName: fresh('MX_RES') },
    }),
  },
  {
    method: 'POST',
    route: '/api/v1/resources/{name}/dependencies/{provider}',
    least: 'admin',
    ok: 200,
    prepare: async () => ({ path: apiPath`/resources/${await resource()}/dependencies/${await resource()}` }),
  },
  {
    method: 'DELETE',
    route: '/api/v1/resources/{name}/dependencies/{provider}',
    least: 'admin',
    ok: 200,
    prepare: async () => {
      const provider = await resource();
      return { path: apiPath`/resources/${await resource([provider])}/dependencies/${provider}` };
    },
  },
  {
    method: 'POST',
    route: '/api/v1/resource-types',
    least: 'admin',
    ok: 201,
    prepare: async () => ({ path: apiPath`/resource-types`, body: markerPackage(fresh('MX Type')) }),
  },
  {
    method: 'DELETE',
    route: '/api/v1/resource-types/{name}',
    least: 'admin',
    ok: 200,
    prepare: async () => ({ path: apiPath`/resource-types/${await registeredType()}` }),
  },
  {
    method: 'POST',
    route: '/api/v1/users',
    least: 'admin',
    ok: 201,
    prepare: async () => ({
      path: apiPath`/users`,
      body: { username: fresh('mx_user'), password: 'password 123', role: 'viewer' },
    }),
  },
  {
    method: 'PATCH',
    route: '/api/v1/users/{username}',
    least: 'admin',
    ok: 200,
    prepare: async () => ({ path: apiPath`/users/${await user()}`, body: { role: 'operator' } }),
  },
  {
    method: 'DELETE',
    route: '/api/v1/users/{username}',
    least: 'admin',
    ok: 204,
    prepare: async () => ({ path: apiPath`/users/${await user()}` }),
  },
];
