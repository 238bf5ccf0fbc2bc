/*
 * Local etcd clusters of real etcd processes, for tests, benchmarks and `cluster:local`:
 * each member its own process, ports and data folder; members can be killed, paused
 * and restarted (with their data) to play faults.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EtcdCertificates } from './certificates.ts';
import { findEtcdBinary } from './etcd-binary.ts';
import { healthy, memberStatus } from './member-gateway.ts';

export interface EtcdClusterOptions {
  /** Number of members; default 1. */
  members?: number;
  /** Folder for the members' data and logs; default a new temp folder, removed by stop(). */
  dataDir?: string;
  /**
   * Raft timing for loopback/LAN (--heartbeat-interval=50 --election-timeout=250, so the
   * minimum lease TTL is 1 s); default true. false leaves etcd's defaults (100/1000, 2 s).
   */
  tuned?: boolean;
  heartbeatIntervalMs?: number;
  electionTimeoutMs?: number;
  /** Address of each member (e.g. one per network namespace); default 127.0.0.1 for all. */
  hosts?: string[];
  /**
   * Client and peer ports per member, the caller's choice: free ones from freeEtcdPorts
   * (ports.ts, the one free-port helper, which @wolfpack/testing/ports re-exports).
   */
  clientPorts: number[];
  peerPorts: number[];
  /** Largest request etcd accepts; default 8 MiB (etcd's 1.5 MiB is below the 2 MB values the store allows). */
  maxRequestBytes?: number;
  /** Command prefix per member, e.g. ['ip', 'netns', 'exec', 'host1']. */
  wrap?: (index: number) => string[];
  /** Kill the members when this process dies (setpriv --pdeathsig); default true. */
  dieWithParent?: boolean;
  /** More etcd flags for every member. */
  extraArgs?: string[];
  /** etcd binary; default ETCD_BINARY or the one on PATH. */
  binary?: string;
  /** How long start waits for every member to be healthy; default 20 s. */
  startTimeoutMs?: number;
  /**
   * Clients and peers over TLS with these certificates (makeEtcdCertificates), and a
   * client certificate required of both (--client-cert-auth, --peer-client-cert-auth).
   * Default plain http.
   */
  tls?: EtcdCertificates;
}

export interface EtcdMember {
  name: string;
  clientUrl: string;
  peerUrl: string;
  dataDir: string;
  logFile: string;
  /** Pid of the running process, undefined while stopped. */
  pid: number | undefined;
}

export interface EtcdCluster {
  /** Client URLs of all members, e.g. for openEtcdStore({ endpoints }). */
  readonly endpoints: string[];
  readonly members: EtcdMember[];
  /** The etcd flags every member shares (for reports). */
  readonly settings: string[];
  /** The certificates it runs with, when started with tls: clients need caFile, clientCertFile and clientKeyFile. */
  readonly tls: EtcdCertificates | undefined;
  /** kill -9 (or another signal) one member and wait for it to exit. */
  killMember(index: number, signal?: NodeJS.Signals): Promise<void>;
  /** Start a stopped member again with its data. */
  startMember(index: number): Promise<void>;
  /** SIGSTOP / SIGCONT a member. */
  pauseMember(index: number): void;
  resumeMember(index: number): void;
  /** Index of the member that is raft leader now, as the running members see it; undefined if none. */
  leaderIndex(): Promise<number | undefined>;
  /** Wait until each running member answers /health with true (needs a quorum). */
  waitHealthy(timeoutMs?: number): Promise<void>;
  /** Stop every member; remove the data folder if this cluster created it. */
  stop(): Promise<void>;
}

const SETPRIV = '/usr/bin/setpriv';

/** Start a local etcd cluster and wait until it is healthy. */
export async function startEtcdCluster(options: EtcdClusterOptions): Promise<EtcdCluster> {
  const count = options.members ?? 1;
  // Checked before anything is made: a refused start leaves no folder behind.
  const { clientPorts, peerPorts } = options;
  for (const [field, ports] of [
    ['clientPorts', clientPorts],
    ['peerPorts', peerPorts],
  ] as const) {
    if (ports.length < count) {
      throw new Error(
        `startEtcdCluster: ${field} must hold one port per member (${count} members, ${ports.length} ports)`,
      );
    }
  }
  const found = findEtcdBinary();
  const binary = options.binary ?? found.path;
  if (!binary) throw new Error(`startEtcdCluster: ${found.reason}`);
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'wolfpack-etcd-'));
  mkdirSync(dataDir, { recursive: true });
  const hosts = Array.from({ length: count }, (_, i) => options.hosts?.[i] ?? '127.0.0.1');
  const tuned = options.tuned ?? true;
  const settings = [
    `--heartbeat-interval=${options.heartbeatIntervalMs ?? (tuned ? 50 : 100)}`,
    `--election-timeout=${options.electionTimeoutMs ?? (tuned ? 250 : 1000)}`,
    `--max-request-bytes=${options.maxRequestBytes ?? 8 * 1024 * 1024}`,
    // Lets clients ping every 2 s to find dead connections (etcd's default floor is 5 s).
    '--grpc-keepalive-min-time=2s',
    // A member back from a cut link asks before it campaigns, instead of unseating the leader with its higher term.
    '--pre-vote',
    // Keep a bounded history, as the embedded store does (etcd keeps all by default).
    '--auto-compaction-mode=revision',
    '--auto-compaction-retention=100000',
    '--logger=zap',
    '--log-outputs=stderr',
    ...(options.tls ? etcdTlsFlags(options.tls) : []),
    ...(options.extraArgs ?? []),
  ];
  const scheme = options.tls ? 'https' : 'http';
  const members: EtcdMember[] = hosts.map((host, i) => ({
    name: `member${i}`,
    clientUrl: `${scheme}://${host}:${clientPorts[i]}`,
    peerUrl: `${scheme}://${host}:${peerPorts[i]}`,
    dataDir: join(dataDir, `member${i}`),
    logFile: join(dataDir, `member${i}.log`),
    pid: undefined,
  }));
  const initialCluster = members.map((m) => `${m.name}=${m.peerUrl}`).join(',');
  const token = `wolfpack-${process.pid}-${Date.now().toString(36)}`;
  const processes: (ChildProcess | undefined)[] = members.map(() => undefined);
  const exits: (Promise<void> | undefined)[] = members.map(() => undefined);

  const launch = (index: number) => {
    const member = members[index]!;
    const restart = existsSync(member.dataDir);
    const args = [
      `--name=${member.name}`,
      `--data-dir=${member.dataDir}`,
      `--listen-client-urls=${member.clientUrl}`,
      `--advertise-client-urls=${member.clientUrl}`,
      `--listen-peer-urls=${member.peerUrl}`,
      `--initial-advertise-peer-urls=${member.peerUrl}`,
      `--initial-cluster=${initialCluster}`,
      `--initial-cluster-token=${token}`,
      `--initial-cluster-state=${restart ? 'existing' : 'new'}`,
      ...settings,
    ];
    const prefix = [
      ...(options.wrap?.(index) ?? []),
      ...(options.dieWithParent !== false && existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig', 'SIGKILL', '--'] : []),
    ];
    const command = [...prefix, binary, ...args];
    const log = openSync(member.logFile, 'a');
    const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', log, log] });
    closeSync(log);
    processes[index] = child;
    member.pid = child.pid;
    exits[index] = new Promise((resolve) => child.once('exit', () => resolve()));
    child.once('exit', () => {
      if (processes[index] === child) {
        processes[index] = undefined;
        member.pid = undefined;
      }
    });
  };

  const waitHealthy = async (timeoutMs = options.startTimeoutMs ?? 20_000) => {
    const deadline = Date.now() + timeoutMs;
    for (const [index, member] of members.entries()) {
      if (!processes[index]) continue;
      while (!(await healthy(member.clientUrl, options.tls))) {
        if (!processes[index]) throw new Error(`etcd ${member.name} exited while starting; see ${member.logFile}`);
        if (Date.now() > deadline)
          throw new Error(
            `etcd ${member.name} (${member.clientUrl}) not healthy within ${timeoutMs} ms; see ${member.logFile}`,
          );
        await sleep(20);
      }
    }
  };

  const kill = async (index: number, signal: NodeJS.Signals = 'SIGKILL') => {
    const child = processes[index];
    if (!child) return;
    child.kill(signal);
    if (signal === 'SIGSTOP') return;
    if (signal !== 'SIGKILL' && signal !== 'SIGTERM' && signal !== 'SIGINT') return;
    child.kill('SIGCONT'); // a paused member cannot act on SIGTERM
    await exits[index];
  };

  for (const index of members.keys()) launch(index);
  try {
    await waitHealthy();
  } catch (error) {
    for (const index of members.keys()) await kill(index);
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }

  return {
    endpoints: members.map((m) => m.clientUrl),
    members,
    settings,
    tls: options.tls,
    killMember: kill,
    async startMember(index) {
      if (processes[index]) return;
      launch(index);
    },
    pauseMember: (index) => void processes[index]?.kill('SIGSTOP'),
    resumeMember: (index) => void processes[index]?.kill('SIGCONT'),
    waitHealthy,
    async leaderIndex() {
      for (const [index, member] of members.entries()) {
        if (!processes[index]) continue;
        const status = await memberStatus(member.clientUrl, options.tls);
        if (status && status.leader !== '0' && status.leader === status.header.member_id) return index;
      }
      return undefined;
    },
    async stop() {
      for (const index of members.keys()) await kill(index);
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The flags that make a member serve clients and peers over TLS and require their certificates. */
export function etcdTlsFlags(tls: Pick<EtcdCertificates, 'caFile' | 'memberCertFile' | 'memberKeyFile'>): string[] {
  return [
    `--cert-file=${tls.memberCertFile}`,
    `--key-file=${tls.memberKeyFile}`,
    `--trusted-ca-file=${tls.caFile}`,
    '--client-cert-auth',
    `--peer-cert-file=${tls.memberCertFile}`,
    `--peer-key-file=${tls.memberKeyFile}`,
    `--peer-trusted-ca-file=${tls.caFile}`,
    '--peer-client-cert-auth',
  ];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
