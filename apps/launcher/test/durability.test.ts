/*
 * What `npm start` really runs with: every process of the cluster that writes the embedded
 * store (each wolfpackd, the server) opens its own connection, and each must fsync the WAL
 * at every commit (durability 'power', synchronous=FULL), or a power loss could take back
 * an acknowledged write: a placement epoch, a lease. strace, attached to the running
 * processes, counts their commits (writes to the WAL) and their fsyncs of it.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWhen } from '@wolfpack/test-requirements';
import { connect } from '@wolfpack/client';
import { adminPassword, startServerCluster, type ServerCluster } from '@wolfpack/testing/server-cluster';
import { buildOnce } from '@wolfpack/testing/build';
import { clusterProcesses } from '@wolfpack/testing/processes';

interface WalActivity {
  /** Commits: runs of the main thread's writes to the WAL, ended by any other call traced (SQLite writes a commit's frames together). */
  commits: number;
  syncs: number;
}

/** Attaches strace to `pid` while `during` runs, then counts its WAL commits and WAL fsyncs. */
async function walActivity(pid: number, during: () => Promise<void>): Promise<WalActivity> {
  const lines: string[] = [];
  const tracer = spawn('strace', ['-f', '-y', '-e', 'trace=pwrite64,write,fsync,fdatasync', '-p', String(pid)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let text = '';
  tracer.stderr.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    const parts = text.split('\n');
    text = parts.pop()!;
    lines.push(...parts);
  });
  const exited = new Promise((resolve) => tracer.once('exit', resolve));
  const until = Date.now() + 10_000;
  while (!lines.some((line) => line.includes('attached'))) {
    if (Date.now() > until) throw new Error(`strace did not attach to ${pid}: ${lines.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await during();
  tracer.kill('SIGINT');
  await exited;
  let commits = 0;
  let syncs = 0;
  let writing = false;
  for (const line of lines) {
    // The store runs on the main thread; the others' writes (logs, sockets) would split a commit's run.
    const thread = /^\[pid\s+(\d+)\]/.exec(line)?.[1];
    if (thread !== undefined && Number(thread) !== pid) continue;
    // A syscall another thread interrupted is printed twice: "<unfinished ...>" with its fd,
    // then "<... pwrite64 resumed>" without: the second is the same write, not a new run.
    if (line.includes(' resumed>')) continue;
    const wal = /cluster\.db-wal>/.test(line);
    if (wal && /\b(fsync|fdatasync)\(/.test(line)) syncs++;
    const walWrite = wal && /\b(pwrite64|write)\(/.test(line);
    if (walWrite && !writing) commits++;
    writing = walWrite;
  }
  return { commits, syncs };
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describeWhen('strace', 'the durability npm start runs with', () => {
  let server: ServerCluster;

  beforeAll(async () => {
    await buildOnce();
    server = await startServerCluster();
    await server.cluster.waitFor('both nodes Up', (state) =>
      ['OSDB_SERV', 'OSDB_BACK'].every((node) => state.nodeStatuses.get(node)?.phase === 'Up'),
    );
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('each wolfpackd fsyncs the WAL at every commit (its lease renewals, a few a second)', async () => {
    for (const node of ['OSDB_SERV', 'OSDB_BACK']) {
      const activity = await walActivity(await server.cluster.nodePid(node), () => pause(3000));
      expect(activity.commits, `${node}: commits seen`).toBeGreaterThanOrEqual(4);
      expect(
        activity.syncs,
        `${node}: ${activity.commits} commits, ${activity.syncs} fsyncs of the WAL`,
      ).toBeGreaterThanOrEqual(activity.commits);
    }
  });

  it('the server fsyncs the WAL at every commit (a sign-in writes a session)', async () => {
    const pid = clusterProcesses(server.cluster.dataDir).find((info) =>
      info.command.includes('server/dist/server.mjs'),
    )?.pid;
    expect(pid, 'the server process').toBeDefined();
    const activity = await walActivity(pid!, async () => {
      for (let i = 0; i < 3; i++) await connect({ url: server.url, username: 'admin', password: adminPassword });
    });
    // Three sign-ins, three sessions written: at least three commits, each with its fsync.
    expect(
      activity.syncs,
      `server: ${activity.commits} commits, ${activity.syncs} fsyncs of the WAL`,
    ).toBeGreaterThanOrEqual(Math.max(activity.commits, 3));
  });
});
