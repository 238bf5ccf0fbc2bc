/*
 * `npm run cluster:local` for real: 3 etcd members, 3 wolfpackd, the server, each its own
 * process. The seed group greets over TCP, a node killed with kill -9 loses its group to
 * another node, and the launcher leaves nothing behind when it is stopped or killed.
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWhen } from '@wolfpack/test-requirements';
import { createClient } from '@wolfpack/client';
import { groupOwner, groupState } from '@wolfpack/engine';
import { memberText } from '@wolfpack/store-etcd/testing';
import { clusterNodes, readLocalClusterInfo } from '../src/index.ts';
import { answerWithoutCertificate } from './support/etcd-tls.ts';
// The same bounds, measured the same way, as the embedded cluster's seed-scenario test.
import { greetingLine } from '@wolfpack/testing/chat-client';
import {
  chatCrashBoundMs,
  expectFailoverWithin,
  greetedAfter,
  nodeKillBoundMs,
  plannedMoveBoundMs,
} from '@wolfpack/testing/failover-time';
import { buildOnce, startLocalClusterRun, type LocalClusterRun } from './support/local-cluster-run.ts';
import { descendantsOf, stillRunning, type LiveProcess } from '@wolfpack/testing/processes';

/** The node SOCKET_GROUP is Online on, once it is. */
const onlineOn = (run: LocalClusterRun) =>
  run.waitFor('SOCKET_GROUP Online', (state) =>
    groupState(state, 'SOCKET_GROUP') === 'Online' ? (groupOwner(state, 'SOCKET_GROUP') ?? undefined) : undefined,
  );

/** A new chat connection greeted by a node `accept` takes, timed from `since` (just before the action). */
const greetedBy = (run: LocalClusterRun, since: number, accept: (node: string) => boolean) =>
  greetedAfter(
    since,
    run.chatAddress,
    run.chatPort,
    (line) =>
      line.startsWith('WELCOME to SOCKET_GROUP on ') && accept(line.slice('WELCOME to SOCKET_GROUP on '.length)),
  );

/** The pids of the cluster's chat server processes (one, unless a failover is under way). */
const chatPids = (run: LocalClusterRun) =>
  descendantsOf(run.launcher.pid!)
    .filter((p) => /chat-process/.test(p.command))
    .map((p) => p.pid);

/** The kinds of process a running cluster:local must have started, with how many of each. */
function kinds(processes: LiveProcess[]): Record<string, number> {
  const count = (pattern: RegExp) => processes.filter((p) => pattern.test(p.command)).length;
  return {
    etcd: count(/\betcd --name=member\d/),
    wolfpackd: count(/wolfpackd\.mjs --node /),
    host: count(/resource-host\.mjs/),
    chat: count(/chat-process/),
    server: count(/server\.mjs --etcd /),
  };
}

/** The launcher's processes, once checked to be a whole cluster:local (a wolfpackd killed just before may be back already). */
function wholeCluster(run: LocalClusterRun): LiveProcess[] {
  const started = descendantsOf(run.launcher.pid!);
  const seen = kinds(started);
  expect(seen).toMatchObject({ etcd: 3, server: 1, chat: 1 });
  expect(seen.wolfpackd).toBeGreaterThanOrEqual(2);
  expect(seen.host).toBeGreaterThanOrEqual(1);
  return started;
}

/** Waits until none of the processes runs any more; returns those that still did at the end. */
async function survivors(processes: LiveProcess[], timeoutMs = 20_000): Promise<LiveProcess[]> {
  const until = Date.now() + timeoutMs;
  let left = stillRunning(processes);
  while (left.length > 0 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    left = stillRunning(processes);
  }
  return left;
}

/**
 * A cluster:local of the enclosing describe block's own (each block ends its launcher its
 * own way), started before its tests and cleaned up after them; call the result in a test.
 */
function clusterOfBlock(): () => LocalClusterRun {
  let run: LocalClusterRun | undefined;
  beforeAll(async () => {
    await buildOnce();
    run = await startLocalClusterRun();
  }, 90_000);
  afterAll(async () => {
    await run?.cleanUp();
  });
  return () => run!;
}

describeWhen('etcd', 'npm run cluster:local', () => {
  const cluster = clusterOfBlock();

  it('comes up on etcd: SOCKET_GROUP greets from its node, the server answers /api/v1/health from the same store', async () => {
    const run = cluster();
    // OSDB_SERV, the first preferred owner, unless its agent died while starting (then the launcher restarts it).
    const owner = await onlineOn(run);
    expect(clusterNodes).toContain(owner);
    expect(await greetingLine(run.chatAddress, run.chatPort)).toBe(`WELCOME to SOCKET_GROUP on ${owner}`);
    const state = await run.waitFor(
      'three nodes Up',
      (s) => clusterNodes.every((n) => s.nodeStatuses.get(n)?.phase === 'Up') && s,
    );
    expect(state.config?.name).toBe('INS_CLUS');
    const etcdRevision = await run.store.revision();
    const health = await createClient({ url: run.consoleUrl }).health.get();
    expect(health.status).toBe('ok');
    // The server follows etcd, not a store of its own: it is at least where etcd was a moment ago.
    expect(health.revision).toBeGreaterThanOrEqual(etcdRevision);
    expect(run.output.some((line) => line.startsWith(`Chat: nc ${run.chatAddress} ${run.chatPort}`))).toBe(true);
  });

  it('runs etcd as docker-compose.yml does: https only, a client certificate required', async () => {
    const run = cluster();
    const { etcd, etcdTls } = readLocalClusterInfo(run.dataDir);
    expect(etcd.every((url) => url.startsWith('https://'))).toBe(true);
    expect(etcdTls).toBeDefined();
    const certificate = { caFile: etcdTls!.caFile, clientCertFile: etcdTls!.certFile, clientKeyFile: etcdTls!.keyFile };
    for (const url of etcd) {
      expect(await memberText(url, '/health', certificate)).toContain('"health":"true"');
      expect(await answerWithoutCertificate(url, etcdTls!.caFile)).toMatch(/^refused/);
    }
  });

  it('answers DNS for the network name, as the chat line says, from the elected failover manager', async () => {
    const run = cluster();
    const dig = () => {
      try {
        return execFileSync('dig', [
          '@127.0.0.1',
          '-p',
          String(run.dnsPort),
          'SOCKET_SERVER',
          '+short',
          '+time=1',
          '+tries=2',
        ])
          .toString()
          .trim();
      } catch {
        return '';
      }
    };
    let answer = dig();
    for (const until = Date.now() + 10_000; answer !== run.chatAddress && Date.now() < until; answer = dig())
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(answer).toBe(run.chatAddress);
  });

  it('moves SOCKET_GROUP to another node on command, greeting from there', async () => {
    const run = cluster();
    const owner = await onlineOn(run);
    const target = clusterNodes.find((node) => node !== owner)!;
    const moveSent = performance.now();
    await run.command({ type: 'move-group', name: 'SOCKET_GROUP', node: target });
    const greeted = greetedBy(run, moveSent, (node) => node === target);
    await run.waitFor(
      `SOCKET_GROUP Online on ${target}`,
      (state) => groupState(state, 'SOCKET_GROUP') === 'Online' && groupOwner(state, 'SOCKET_GROUP') === target,
    );
    expect(await greetingLine(run.chatAddress, run.chatPort)).toBe(`WELCOME to SOCKET_GROUP on ${target}`);
    expectFailoverWithin(
      `planned move ${owner} → ${target} on etcd (command → greeted by ${target})`,
      (await greeted).ms,
      plannedMoveBoundMs,
    );
  });

  it('restarts a killed chat process on its node, greeting again from there', async () => {
    const run = cluster();
    const owner = await onlineOn(run);
    const [pid] = chatPids(run);
    expect(pid).toBeDefined();
    const killSent = performance.now();
    process.kill(pid!, 'SIGKILL');
    const greeted = greetedBy(run, killSent, (node) => node === owner);
    await run.waitFor('a new chat process', () => {
      const pids = chatPids(run);
      return pids.length === 1 && pids[0] !== pid;
    });
    expect(await onlineOn(run)).toBe(owner);
    expect(await greetingLine(run.chatAddress, run.chatPort)).toBe(`WELCOME to SOCKET_GROUP on ${owner}`);
    expectFailoverWithin(
      `chat process crash on etcd (kill -9 → greeted again by ${owner})`,
      (await greeted).ms,
      chatCrashBoundMs,
    );
  });

  it('kill -9 of the owning wolfpackd: SOCKET_GROUP comes online on another node and greets from there', async () => {
    const run = cluster();
    const owner = await onlineOn(run);
    const pid = await run.waitFor(`pid of ${owner}`, (state) => state.nodeStatuses.get(owner)?.pid);
    const killSent = performance.now();
    process.kill(pid, 'SIGKILL');
    const greeted = greetedBy(run, killSent, (node) => node !== owner);
    const next = await run.waitFor('SOCKET_GROUP Online on another node', (state) => {
      const now = groupOwner(state, 'SOCKET_GROUP') ?? undefined;
      return groupState(state, 'SOCKET_GROUP') === 'Online' && now !== owner ? now : undefined;
    });
    expect(await greetingLine(run.chatAddress, run.chatPort)).toBe(`WELCOME to SOCKET_GROUP on ${next}`);
    const { line, ms } = await greeted;
    expect(line).toBe(`WELCOME to SOCKET_GROUP on ${next}`);
    expectFailoverWithin(
      `kill -9 of the owning wolfpackd ${owner} on etcd (kill → greeted by ${next})`,
      ms,
      nodeKillBoundMs,
    );
  });

  it('SIGTERM of the launcher stops every etcd, wolfpackd, resource host, chat and server process', async () => {
    const run = cluster();
    const started = wholeCluster(run);
    run.launcher.kill('SIGTERM');
    await run.exited;
    expect(run.launcher.exitCode).toBe(0);
    expect(await survivors(started)).toEqual([]);
  });
});

describeWhen('etcd', 'cluster:local when its launcher is killed with SIGKILL', () => {
  const cluster = clusterOfBlock();

  it('leaves no etcd, wolfpackd, resource host, chat or server process behind', async () => {
    const run = cluster();
    const owner = await onlineOn(run);
    expect(await greetingLine(run.chatAddress, run.chatPort)).toBe(`WELCOME to SOCKET_GROUP on ${owner}`);
    const started = wholeCluster(run);
    run.launcher.kill('SIGKILL'); // the launcher alone, not its process group
    await run.exited;
    expect(await survivors(started)).toEqual([]);
  });
});
