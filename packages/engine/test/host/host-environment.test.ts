import { describe, expect, it } from 'vitest';
import { hostEnvironment } from '../../src/host/spawn-host.ts';

// The resource host runs resource type code (registered modules, OCF agents): it gets
// the node's environment without the node's secrets.
describe('the resource host\'s environment', () => {
  it('leaves out the admin password, etcd credentials and key paths, TLS files and the node\'s own cluster API token', () => {
    const node = {
      PATH: '/usr/bin',
      HOME: '/root',
      WOLFPACK_DATA_DIR: '/var/lib/wolfpack',
      WOLFPACK_LEASE_TTL_MS: '1000',
      WOLFPACK_ADMIN_PASSWORD: 'secret',
      WOLFPACK_ETCD: 'https://10.0.0.1:2379',
      WOLFPACK_ETCD_KEY: '/etc/wolfpack/client.key',
      WOLFPACK_ETCD_CERT: '/etc/wolfpack/client.crt',
      WOLFPACK_ETCD_CA: '/etc/wolfpack/ca.crt',
      WOLFPACK_ETCD_PREFIX: 'prod/',
      WOLFPACK_TLS_KEY: '/etc/wolfpack/server.key',
      WOLFPACK_TOKEN: 'wpk_admins',
      WOLFPACK_URL: 'http://admin.example:8080',
    };
    expect(hostEnvironment(node)).toEqual({ PATH: '/usr/bin', HOME: '/root', WOLFPACK_DATA_DIR: '/var/lib/wolfpack', WOLFPACK_LEASE_TTL_MS: '1000' });
  });
});
