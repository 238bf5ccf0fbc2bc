import { createClient, type RawMethod, type WolfpackClient } from '@wolfpack/client';
import { resourceState } from '@wolfpack/engine';
import { buildOnce } from '@wolfpack/testing/build';
import { markerPackage } from '@wolfpack/testing/marker-type';
import { startServerCluster, type ServerCluster } from '@wolfpack/testing/server-cluster';
import { afterAll, beforeAll } from 'vitest';

/*
 * What the role matrix's rows (role-matrix-rows.ts) and tests (role-matrix.test.ts) share:
 * one real server cluster for the file, a client per caller (the operator with an API
 * token), the objects the operator routes act on, and makers of fresh objects for the
 * calls that use one up.
 */

export type Caller = 'none' | 'viewer' | 'operator' | 'admin';
export type Least = 'public' | 'viewer' | 'operator' | 'admin';

export interface Call {
  /** Under /api/v1. */
  path: string;
  body?: unknown;
  /** A client other than the caller's own (a fresh session to sign out). */
  client?: WolfpackClient;
}

export interface Row {
  method: RawMethod;
  /** The route as the server names it (OpenAPI path, `{param}`). */
  route: string;
  least: Least;
  ok: number;
  prepare(caller: Caller): Promise<Call>;
}

export let running: ServerCluster;
export let admin: WolfpackClient;
export const callers = {} as Record<Caller, WolfpackClient>;
let counter = 0;
export const fresh = (prefix: string) => `${prefix}_${++counter}`;

export const node = async () => (await admin.nodes.create({ name: fresh('MX_NODE') })).name;
export const group = async () => (await admin.groups.create({ name: fresh('MX_GROUP') })).name;
export const resource = async (dependencies: string[] = []) =>
  (
    await admin.resources.create({
      name: fresh('MX_RES'),
      group: 'MX_APPS',
      resourceType: 'Generic Application',
      dependencies,
      private: { CommandLine: 'sleep 1000' },
    })
  ).name;
export const user = async () =>
  (await admin.users.create({ username: fresh('mx_user'), password: 'password 123', role: 'viewer' })).username;
export const registeredType = async () => (await admin.resourceTypes.register(markerPackage(fresh('MX Type')))).name;
// The operator and the admin each fail their own resource: after the operator's failure
// the shared one would be Failed (or restarting) when the admin's call arrives.
export const runningOnline = async (caller: Caller) => {
  const name = caller === 'admin' ? 'MX_RUNNER_ADMIN' : 'MX_RUNNER';
  await running.cluster.waitFor(`${name} Online`, (state) => resourceState(state, name) === 'Online');
  return name;
};

const rank: Record<Caller, number> = { none: -1, viewer: 0, operator: 1, admin: 2 };
export const leastRank: Record<Least, number> = { public: -1, viewer: 0, operator: 1, admin: 2 };
export const expected = (row: Row, caller: Caller) =>
  rank[caller] >= leastRank[row.least] ? row.ok : caller === 'none' ? 401 : 403;

/** Registers the hooks (in the caller's describe): the cluster started before the tests, stopped after them. */
export function useRoleMatrix(): void {
  beforeAll(async () => {
    await buildOnce();
    running = await startServerCluster();
    admin = running.admin;
    for (const role of ['viewer', 'operator'] as const)
      await admin.users.create({ username: `mx_${role}`, password: 'password 123', role });
    callers.none = running.anonymous;
    callers.viewer = await running.signIn('mx_viewer', 'password 123');
    // The operator acts with an API token: both ways of signing in go through the matrix.
    const { token } = await (await running.signIn('mx_operator', 'password 123')).tokens.create({ name: 'matrix' });
    callers.operator = createClient({ url: running.url, token });
    callers.admin = admin;
    // Objects the operator routes act on.
    await admin.nodes.create({ name: 'MX_SPARE' });
    await admin.groups.create({ name: 'MX_EMPTY' });
    await admin.groups.create({ name: 'MX_APPS', policy: { preferredOwners: ['OSDB_BACK'] } });
    const app = { group: 'MX_APPS', resourceType: 'Generic Application', private: { CommandLine: 'sleep 1000' } };
    await admin.resources.create({ name: 'MX_RUNNER', ...app, common: { restartThreshold: 100 } });
    await admin.resources.create({ name: 'MX_IDLE', ...app });
    await admin.resources.create({ name: 'MX_RUNNER_ADMIN', ...app, common: { restartThreshold: 100 } });
    await admin.resources.online('MX_RUNNER');
    await admin.resources.online('MX_RUNNER_ADMIN');
    await running.cluster.waitFor('Chat Server Online', (state) => resourceState(state, 'Chat Server') === 'Online');
  }, 120_000);

  afterAll(async () => {
    await running?.stop();
  });
}
