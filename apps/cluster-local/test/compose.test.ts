/*
 * docker-compose.yml runs what `npm run cluster:local` runs: the same members, nodes,
 * commands and flags, all from apps/cluster-local/src/topology.ts. There is no Docker
 * engine here: `docker-compose config` checks the file and resolves it as Docker would.
 * Both run etcd with TLS and client certificates only (compose's made by its etcd-certs
 * step, cluster:local's by its launcher, with the same makeEtcdCertificates);
 * test/etcd-tls.test.ts runs a real etcd and wolfpackd the way compose does.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeWhen } from '@wolfpack/test-requirements';
import { repositoryRoot } from '@wolfpack/testing/repository';
import { etcdTlsFlags, makeEtcdCertificates } from '@wolfpack/store-etcd/testing';
import {
  clusterNodes,
  compose,
  etcdClientEnvironment,
  etcdFlags,
  etcdMemberNames,
  scripts,
  seedArguments,
  serverArguments,
  wolfpackdArguments,
} from '../src/index.ts';
import { composeConfig, type ComposeConfig } from './support/docker-compose.ts';

const root = repositoryRoot;

describeWhen('compose', 'docker-compose.yml', () => {
  let config: ComposeConfig;

  beforeAll(() => {
    config = composeConfig(root, { WOLFPACK_ADMIN_PASSWORD: 'from-the-environment', PORT: '9090' });
  });

  it('has the services of the topology: an etcd per member, the seed, a wolfpackd per node, the server', () => {
    const expected = [
      compose.certificatesService,
      ...compose.etcdServices,
      'seed',
      ...clusterNodes.map(compose.nodeService),
      'server',
    ];
    expect(Object.keys(config.services).sort()).toEqual(expected.sort());
  });

  it('runs every etcd member with the flags cluster:local gives its members, in one cluster, over TLS with client certificates', () => {
    const initialCluster = etcdMemberNames.map((name, index) => `${name}=${compose.etcdPeerUrls[index]}`).join(',');
    etcdMemberNames.forEach((member, index) => {
      const service = config.services[compose.etcdServices[index]!]!;
      expect(service.image).toMatch(/^quay\.io\/coreos\/etcd:v3\.4\./);
      expect(service.command).toEqual(
        expect.arrayContaining([
          `--name=${member}`,
          `--initial-cluster=${initialCluster}`,
          ...etcdFlags,
          ...etcdTlsFlags(compose.tls),
        ]),
      );
      expect(service.command).toContain(`--advertise-client-urls=${compose.etcdEndpoints[index]}`);
      expect(service.command).toContain('--listen-client-urls=https://0.0.0.0:2379');
      expect(service.command).toContain(`--initial-advertise-peer-urls=${compose.etcdPeerUrls[index]}`);
      // No plain-http listener anywhere.
      expect(service.command?.filter((flag) => flag.includes('http://'))).toEqual([]);
      expect(service.healthcheck?.test.join(' ')).toContain('endpoint health');
      expect(service.healthcheck?.test).toEqual(
        expect.arrayContaining([
          `--cacert=${compose.tls.caFile}`,
          `--cert=${compose.tls.clientCertFile}`,
          `--key=${compose.tls.clientKeyFile}`,
        ]),
      );
      expect(service.volumes).toContain(`etcd-tls:${compose.tls.dir}:ro`);
      expect(service.depends_on?.[compose.certificatesService]?.condition).toBe('service_completed_successfully');
    });
  });

  it('makes the certificates once, before etcd starts, in the volume every process reads them from', () => {
    const step = config.services[compose.certificatesService]!;
    expect(step.command).toEqual(['node', scripts.etcdCertificates, compose.tls.dir, ...compose.etcdServices]);
    expect(step.volumes).toEqual([expect.stringMatching(new RegExp(`^etcd-tls:${compose.tls.dir}(:rw)?$`))]);
    expect(step.image).toBe('wolfpack:local');
    expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toMatch(/\bopenssl\b/);
    for (const name of ['seed', ...clusterNodes.map(compose.nodeService), 'server']) {
      const service = config.services[name]!;
      expect(service.environment, name).toMatchObject(etcdClientEnvironment(compose.tls));
      expect(service.volumes, name).toContain(`etcd-tls:${compose.tls.dir}:ro`);
    }
  });

  it('seeds once, after etcd is healthy, with the seed step cluster:local runs', () => {
    const seed = config.services.seed!;
    expect(seed.command).toEqual(['node', scripts.seed, ...seedArguments(compose.etcdEndpoints, compose.seed)]);
    for (const etcd of compose.etcdServices) expect(seed.depends_on?.[etcd]?.condition).toBe('service_healthy');
  });

  it("runs each node's wolfpackd as cluster:local does, after the seed, able to move the address, on the shared disk", () => {
    for (const node of clusterNodes) {
      const service = config.services[compose.nodeService(node)]!;
      expect(service.command).toEqual([
        'node',
        scripts.wolfpackd,
        ...wolfpackdArguments(node, compose.etcdEndpoints, compose.nodeDataDir),
      ]);
      expect(service.cap_add).toContain('NET_ADMIN');
      expect(service.depends_on?.seed?.condition).toBe('service_completed_successfully');
      expect(service.volumes?.some((volume) => volume.split(':')[1] === compose.seed.sharedDir)).toBe(true);
      expect(service.volumes?.some((volume) => volume.split(':')[1] === compose.nodeDataDir)).toBe(true);
    }
  });

  it('runs the server as cluster:local does, honouring PORT and WOLFPACK_ADMIN_PASSWORD', () => {
    const server = config.services.server!;
    expect(server.command).toEqual(['node', scripts.server, ...serverArguments(compose.etcdEndpoints)]);
    expect(server.environment).toMatchObject({
      HOST: '0.0.0.0',
      PORT: '8080',
      WOLFPACK_ADMIN_PASSWORD: 'from-the-environment',
    });
    expect(server.ports).toContainEqual(expect.objectContaining({ published: 9090, target: 8080 }));
  });

  it("keeps the chat address inside the compose network and out of the containers' range", () => {
    const ipam = config.networks.default?.ipam?.config[0];
    expect(ipam).toEqual({ subnet: compose.subnet, ip_range: compose.containerRange });
    const [, , , last] = compose.seed.chatAddress.split('.').map(Number);
    expect(compose.seed.chatAddress.startsWith(compose.subnet.split('.').slice(0, 3).join('.'))).toBe(true);
    expect(last).toBeLessThan(128);
  });

  it('builds every script the services run, in an image made from node:20-bookworm-slim with iproute2', () => {
    const bundles = new Set<string>();
    for (const parent of ['apps', 'packages']) {
      for (const entry of readdirSync(join(root, parent), { withFileTypes: true })) {
        if (!entry.isDirectory()) continue;
        try {
          const manifest = JSON.parse(readFileSync(join(root, parent, entry.name, 'package.json'), 'utf8')) as {
            wolfpack?: { bundles?: Record<string, string> };
          };
          for (const out of Object.keys(manifest.wolfpack?.bundles ?? {}))
            bundles.add(`${parent}/${entry.name}/${out}`);
        } catch {
          // not a workspace
        }
      }
    }
    for (const script of Object.values(scripts)) expect(bundles).toContain(script);
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20-bookworm-slim$/m);
    expect(dockerfile).toMatch(/\biproute2\b/);
    for (const service of Object.values(config.services).filter((s) => s.build))
      expect(service.image).toBe('wolfpack:local');
  });
});

describeWhen('openssl', 'the etcd-certs step', () => {
  it('makes a member certificate for every etcd service name, a client certificate, and keeps them on the next run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wolfpack-compose-certs-'));
    try {
      const files = makeEtcdCertificates(join(dir, 'tls'), compose.etcdServices);
      const text = (file: string) =>
        execFileSync('openssl', ['x509', '-in', file, '-noout', '-text'], { encoding: 'utf8' });
      const member = text(files.memberCertFile);
      for (const service of compose.etcdServices) expect(member).toContain(`DNS:${service}`);
      expect(member).toMatch(/TLS Web Server Authentication/);
      expect(text(files.clientCertFile)).toMatch(/TLS Web Client Authentication/);
      for (const cert of [files.memberCertFile, files.clientCertFile])
        execFileSync('openssl', ['verify', '-CAfile', files.caFile, cert]);
      const before = readFileSync(files.caFile, 'utf8');
      makeEtcdCertificates(join(dir, 'tls'), compose.etcdServices);
      expect(readFileSync(files.caFile, 'utf8')).toBe(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
