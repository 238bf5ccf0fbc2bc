/*
 * openClusterStore opens what the settings name: the embedded store in the data dir, or
 * real etcd members, plain or over TLS with a client certificate (etcd's --client-cert-auth).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWhen } from '@wolfpack/test-requirements';
import { findEtcdBinary, makeEtcdCertificates, startEtcdCluster, type EtcdCluster } from '@wolfpack/store-etcd/testing';
import { eventually } from '@wolfpack/testing/conditions';
import { freeEtcdPorts, freeTcpPort, freeTcpPorts } from '@wolfpack/testing/ports';
import { describeStore, openClusterStore, storeSettingsFromEnvironment } from '../src/index.ts';

describe('openClusterStore', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wolfpack-store-connection-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens the embedded store at <dataDir>/cluster.db when no etcd is named', async () => {
    const dataDir = join(dir, 'embedded');
    const store = await openClusterStore({ dataDir });
    await store.put('/wolfpack/test', 'embedded');
    expect((await store.get('/wolfpack/test'))?.value).toBe('embedded');
    await store.close();
    expect(existsSync(join(dataDir, 'cluster.db'))).toBe(true);
    expect(describeStore({ dataDir })).toBe(`embedded store ${join(dataDir, 'cluster.db')}`);
  });

  describeWhen('etcd', 'on etcd', () => {
    let cluster: EtcdCluster;
    beforeAll(async () => {
      cluster = await startEtcdCluster({ members: 1, tuned: true, ...(await freeEtcdPorts(1)) });
    });
    afterAll(async () => cluster?.stop());

    it('opens etcd when endpoints are given (comma-separated), under the prefix', async () => {
      const a = await openClusterStore({
        etcd: cluster.endpoints.join(','),
        etcdPrefix: '/cluster-a',
        dataDir: join(dir, 'unused'),
      });
      const b = await openClusterStore({
        etcd: cluster.endpoints,
        etcdPrefix: '/cluster-b',
        dataDir: join(dir, 'unused'),
      });
      await a.put('/wolfpack/name', 'A');
      await b.put('/wolfpack/name', 'B');
      expect((await a.get('/wolfpack/name'))?.value).toBe('A');
      expect((await b.get('/wolfpack/name'))?.value).toBe('B');
      await Promise.all([a.close(), b.close()]);
      expect(existsSync(join(dir, 'unused', 'cluster.db'))).toBe(false);
    });

    it('fails with unavailable, naming the endpoints, when no member answers', async () => {
      const port = await freeTcpPort();
      await expect(openClusterStore({ etcd: `http://127.0.0.1:${port}`, dataDir: dir })).rejects.toMatchObject({
        code: 'unavailable',
        message: expect.stringContaining(`127.0.0.1:${port}`),
      });
    });
  });

  describeWhen(['etcd', 'openssl'], 'on etcd with TLS and client certificates', () => {
    let etcd: ChildProcess;
    let url: string;
    let pki: string;
    const file = (name: string) => join(pki, name);

    beforeAll(async () => {
      pki = join(dir, 'pki');
      // A CA, a member certificate for 127.0.0.1 and a client certificate (ca.crt, client.crt, client.key).
      const certificates = makeEtcdCertificates(pki);
      const [client, peer] = await freeTcpPorts(2);
      url = `https://127.0.0.1:${client}`;
      const etcdBinary = findEtcdBinary().path!;
      etcd = spawn(
        existsSync('/usr/bin/setpriv') ? '/usr/bin/setpriv' : etcdBinary,
        [
          ...(existsSync('/usr/bin/setpriv') ? ['--pdeathsig', 'SIGKILL', '--', etcdBinary] : []),
          `--data-dir=${join(dir, 'tls-etcd')}`,
          `--listen-client-urls=${url}`,
          `--advertise-client-urls=${url}`,
          `--listen-peer-urls=http://127.0.0.1:${peer}`,
          `--initial-advertise-peer-urls=http://127.0.0.1:${peer}`,
          `--initial-cluster=default=http://127.0.0.1:${peer}`,
          `--cert-file=${certificates.memberCertFile}`,
          `--key-file=${certificates.memberKeyFile}`,
          `--trusted-ca-file=${certificates.caFile}`,
          '--client-cert-auth',
        ],
        { stdio: 'ignore' },
      );
      // Wait until the member answers a client with a certificate.
      const settings = storeSettingsFromEnvironment(
        [
          '--etcd',
          url,
          '--etcd-ca',
          file('ca.crt'),
          '--etcd-cert',
          file('client.crt'),
          '--etcd-key',
          file('client.key'),
        ],
        {},
      );
      await eventually(async () => (await openClusterStore({ ...settings, dataDir: dir })).close(), 20_000);
    }, 30_000);
    afterAll(() => {
      etcd?.kill('SIGKILL');
    });

    it('talks to https:// members with the CA and client certificate from --etcd-ca/--etcd-cert/--etcd-key', async () => {
      const settings = storeSettingsFromEnvironment(['--etcd', url], {
        WOLFPACK_ETCD_CA: file('ca.crt'),
        WOLFPACK_ETCD_CERT: file('client.crt'),
        WOLFPACK_ETCD_KEY: file('client.key'),
      });
      const store = await openClusterStore({ ...settings, dataDir: dir });
      await store.put('/wolfpack/tls', 'yes');
      expect((await store.get('/wolfpack/tls'))?.value).toBe('yes');
      await store.close();
      expect(describeStore({ ...settings, dataDir: dir })).toBe(`etcd ${url} (client certificate)`);
    });

    it('is refused without a client certificate, and names a TLS file it cannot read', async () => {
      await expect(
        openClusterStore({ etcd: url, etcdTls: { caFile: file('ca.crt') }, dataDir: dir, requestTimeoutMs: 1500 }),
      ).rejects.toMatchObject({ code: 'unavailable' });
      await expect(
        openClusterStore({ etcd: url, etcdTls: { caFile: file('missing.crt') }, dataDir: dir }),
      ).rejects.toThrow(/--etcd-ca: cannot read .*missing\.crt/);
    });
  });
});
