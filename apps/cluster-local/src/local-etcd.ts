import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  etcdTlsFlags,
  freeEtcdPorts,
  makeEtcdCertificates,
  startEtcdCluster,
  type EtcdCluster,
} from '@wolfpack/store-etcd/testing';
import { etcdFlags, etcdMemberNames } from './topology.ts';

interface MemberPorts {
  client: number[];
  peer: number[];
}

/**
 * The three etcd members of cluster:local, in <dataDir>/etcd (data, logs, ports.json).
 * Ports are picked free on the first start and kept: a member that restarts with its
 * data must come back at the address its peers know. Each member runs in a session of
 * its own (so Ctrl-C reaches only the launcher, which stops the members last) and is
 * killed by the kernel if the launcher dies (setpriv --pdeathsig). As in
 * docker-compose.yml, they speak TLS only and require client certificates, made with
 * openssl in <dataDir>/etcd/tls on the first start; a data dir whose members were
 * first started in plain http (before this) keeps them so (cluster.tls is then undefined).
 */
export async function startLocalEtcd(dataDir: string): Promise<EtcdCluster> {
  const etcdDir = join(dataDir, 'etcd');
  mkdirSync(etcdDir, { recursive: true });
  const portsFile = join(etcdDir, 'ports.json');
  const tlsDir = join(etcdDir, 'tls');
  const plainFromBefore = existsSync(portsFile) && !existsSync(tlsDir);
  const tls = plainFromBefore ? undefined : makeEtcdCertificates(tlsDir);
  let ports: MemberPorts;
  if (existsSync(portsFile)) {
    ports = JSON.parse(readFileSync(portsFile, 'utf8')) as MemberPorts;
  } else {
    const { clientPorts, peerPorts } = await freeEtcdPorts(etcdMemberNames.length);
    ports = { client: clientPorts, peer: peerPorts };
    writeFileSync(portsFile, `${JSON.stringify(ports, null, 2)}\n`);
  }
  const cluster = await startEtcdCluster({
    members: etcdMemberNames.length,
    tuned: true,
    dataDir: etcdDir,
    clientPorts: ports.client,
    peerPorts: ports.peer,
    wrap: () => ['setsid'],
    ...(tls ? { tls } : {}),
  });
  // docker-compose.yml runs the members with topology.etcdFlags (and TLS): keep the two in step.
  const missing = [...etcdFlags, ...(tls ? etcdTlsFlags(tls) : [])].filter((flag) => !cluster.settings.includes(flag));
  const names = cluster.members.map((member) => member.name);
  if (missing.length > 0 || names.join() !== etcdMemberNames.join()) {
    await cluster.stop();
    throw new Error(
      `cluster:local: the etcd launcher no longer runs the topology's members (${names.join()}) or flags (missing ${missing.join(' ')}); update apps/cluster-local/src/topology.ts and docker-compose.yml`,
    );
  }
  return cluster;
}
