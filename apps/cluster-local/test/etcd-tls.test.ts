/*
 * etcd as docker-compose.yml runs it: TLS to clients and peers, a client certificate
 * required (--client-cert-auth), certificates from the etcd-certs step. A real wolfpackd
 * with the variables compose gives it joins the cluster; one without a client
 * certificate is refused and says so, and never joins.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { keys } from '@wolfpack/contracts';
import type { ClusterStore } from '@wolfpack/store';
import { openClusterStore, storeSettingsFromEnvironment } from '@wolfpack/store-connection';
import {
  makeEtcdCertificates,
  startEtcdCluster,
  type EtcdCertificates,
  type EtcdCluster,
} from '@wolfpack/store-etcd/testing';
import { describeWhen } from '@wolfpack/test-requirements';
import { freeEtcdPorts } from '@wolfpack/testing/ports';
import { bundlePath, etcdClientEnvironment, etcdMemberNames, wolfpackdArguments } from '../src/index.ts';
import { answerWithoutCertificate } from './support/etcd-tls.ts';
import { buildOnce } from './support/local-cluster-run.ts';

/** A wolfpackd process with `env` added; its output and its exit. */
function startWolfpackd(node: string, etcd: string[], dataDir: string, env: Record<string, string>) {
  const output: string[] = [];
  const child = spawn(process.execPath, [bundlePath('wolfpackd'), ...wolfpackdArguments(node, etcd, dataDir)], {
    env: {
      ...process.env,
      ...env,
      WOLFPACK_ETCD: '',
      WOLFPACK_ETCD_CA: env.WOLFPACK_ETCD_CA ?? '',
      WOLFPACK_ETCD_CERT: env.WOLFPACK_ETCD_CERT ?? '',
      WOLFPACK_ETCD_KEY: env.WOLFPACK_ETCD_KEY ?? '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output, exited };
}

describeWhen(['etcd', 'openssl'], 'etcd with TLS client authentication, as docker-compose.yml runs it', () => {
  let dir: string;
  let tls: EtcdCertificates;
  let etcd: EtcdCluster;
  let store: ClusterStore;

  beforeAll(async () => {
    await buildOnce();
    dir = mkdtempSync(join(tmpdir(), 'wolfpack-etcd-tls-'));
    tls = makeEtcdCertificates(join(dir, 'tls'));
    const ports = await freeEtcdPorts(etcdMemberNames.length);
    etcd = await startEtcdCluster({ members: etcdMemberNames.length, tls, dataDir: join(dir, 'etcd'), ...ports });
    store = await openClusterStore({
      ...storeSettingsFromEnvironment(['--etcd', etcd.endpoints.join(',')], etcdClientEnvironment(tls)),
      dataDir: dir,
    });
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await etcd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves only TLS clients that present a certificate its CA signed', async () => {
    expect(etcd.endpoints.every((url) => url.startsWith('https://'))).toBe(true);
    expect(await answerWithoutCertificate(etcd.endpoints[0]!, tls.caFile)).toMatch(/^refused/);
  });

  it('lets wolfpackd join with the CA and client certificate compose gives it, and refuses it without the certificate', async () => {
    const joined = startWolfpackd('OSDB_SERV', etcd.endpoints, join(dir, 'serv'), etcdClientEnvironment(tls));
    const refused = startWolfpackd('OSDB_BACK', etcd.endpoints, join(dir, 'back'), { WOLFPACK_ETCD_CA: tls.caFile });
    try {
      const deadline = Date.now() + 30_000;
      while (!(await store.get(keys.nodeStatus('OSDB_SERV')))) {
        if (Date.now() > deadline)
          throw new Error(`wolfpackd with a certificate did not join:\n${joined.output.join('')}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const code = await Promise.race([
        refused.exited,
        new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 30_000)),
      ]);
      expect(code, refused.output.join('')).not.toBe(0);
      expect(code).not.toBe('still running');
      expect(refused.output.join('')).toMatch(/unavailable|etcd/i);
      expect(await store.get(keys.nodeStatus('OSDB_BACK'))).toBeUndefined();
    } finally {
      joined.child.kill('SIGKILL');
      refused.child.kill('SIGKILL');
      await Promise.all([joined.exited, refused.exited]);
    }
  }, 90_000);
});
