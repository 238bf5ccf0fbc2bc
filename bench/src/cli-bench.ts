import { spawn, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect, type WolfpackClient } from '@wolfpack/client';
import { freeTcpPort } from '@wolfpack/testing/ports';
import type { BenchOptions, BenchReport } from './report.ts';
import { startSeedCluster } from './seed-cluster.ts';
import { summarize, type Summary } from './stats.ts';

/**
 * Start-up of the `wolfpack` command, as a person at a shell feels it: the wall time of
 * `wolfpack --version` and of `wolfpack status` against the seed cluster, each a new
 * process of the built bin (apps/cli/bin/wolfpack.mjs). Targets: 150 ms and 300 ms at p50.
 * Then `group move --wait`, next to the same move the console makes, and how soon
 * `events --follow` prints a change (the issue's "within 1 s"; the CLI's test only checks
 * it with slack for a loaded CI machine).
 */
export async function benchCli(options: BenchOptions): Promise<BenchReport> {
  const cli = createRequire(import.meta.url);
  const bin = cli.resolve('@wolfpack/cli/bin');
  const port = await freeTcpPort();
  const password = 'bench-admin-password';
  const cluster = await startSeedCluster({ PORT: String(port), WOLFPACK_ADMIN_PASSWORD: password });
  try {
    const url = `http://127.0.0.1:${port}`;
    const admin = await connectWhenUp(url, password);
    const { token } = await admin.tokens.create({ name: 'cli bench' });
    const env = { ...process.env, WOLFPACK_URL: url, WOLFPACK_TOKEN: token, NO_COLOR: '1' };
    const time = (args: string[]) => {
      const started = performance.now();
      const result = spawnSync(args[0]!, args.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
      if (result.status !== 0)
        throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr.toString()}`);
      return performance.now() - started;
    };
    const commands: [string, string[]][] = [
      ['node itself (node -e 0)', [process.execPath, '-e', '0']],
      ['wolfpack --version', [process.execPath, bin, '--version']],
      ['wolfpack status', [process.execPath, bin, 'status']],
    ];
    // One run each first: the bin builds its bundle if stale, and the files are in the page cache.
    for (const [, args] of commands) time(args);
    const samples = new Map<string, number[]>(commands.map(([name]) => [name, []]));
    // Interleaved, so a burst of load on the machine falls on every command alike.
    for (let run = 1; run <= options.runs; run++)
      for (const [name, args] of commands) samples.get(name)!.push(time(args));
    options.log(`cli: ${options.runs} runs of each command`);
    const moves = await benchMoves(admin, bin, env, options);
    const follow = await benchEventsFollow(admin, bin, env, options);
    const size = (file: string) =>
      `${(statSync(cli.resolve(`@wolfpack/cli/dist/${file}`)).size / 1024).toFixed(0)} KiB`;
    return {
      title:
        "wolfpack CLI: start-up and move --wait (a new process each run, wall time to exit), next to the console's move",
      rows: [...[...samples].map(([name, values]) => summarize(name, values)), ...moves, follow],
      facts: [
        ['main bundle (commander and the grammar)', size('main.mjs')],
        ['targets (p50)', '--version ≤ 150 ms, status ≤ 300 ms; events --follow prints a change ≤ 1000 ms'],
      ],
      notes: [
        '`node itself` is the floor: Node 20 starting and exiting with nothing to do',
        'the moves alternate between OSDB_SERV and OSDB_BACK; "the console\'s move" is its path without the page: POST …/move, then the live stream shows the group Online on the new node',
        '"events --follow: change → line printed" runs one `wolfpack events --follow` and pauses and resumes OSDB_BACK in turn: from the REST reply of each change to its line read from the command\'s stdout',
      ],
    };
  } finally {
    await cluster.stop();
  }
}

/**
 * SOCKET_GROUP moved back and forth: `wolfpack group move --wait` as a new process (start,
 * open the live stream, send the move, follow it to Online), next to the console's path in
 * one long-lived client (POST …/move, then the live stream shows Online on the new node).
 */
async function benchMoves(
  admin: WolfpackClient,
  bin: string,
  env: NodeJS.ProcessEnv,
  options: BenchOptions,
): Promise<Summary[]> {
  const feed = await admin.live();
  try {
    await feed.until((state) => state.groups.get('SOCKET_GROUP')?.state === 'Online', 60_000);
    const otherNode = () =>
      feed.state.groups.get('SOCKET_GROUP')?.ownerNode === 'OSDB_SERV' ? 'OSDB_BACK' : 'OSDB_SERV';
    const cli: number[] = [];
    const consoleMoves: number[] = [];
    for (let run = 1; run <= options.runs; run++) {
      let target = otherNode();
      let started = performance.now();
      const result = spawnSync(process.execPath, [bin, 'group', 'move', 'SOCKET_GROUP', '--node', target, '--wait'], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      if (result.status !== 0)
        throw new Error(`wolfpack group move --wait exited ${result.status}: ${result.stderr.toString()}`);
      cli.push(performance.now() - started);
      await feed.until(
        (state) =>
          state.groups.get('SOCKET_GROUP')?.ownerNode === target &&
          state.groups.get('SOCKET_GROUP')?.state === 'Online',
        60_000,
      );
      target = otherNode();
      started = performance.now();
      await admin.groups.move('SOCKET_GROUP', { node: target });
      await feed.until(
        (state) =>
          state.groups.get('SOCKET_GROUP')?.ownerNode === target &&
          state.groups.get('SOCKET_GROUP')?.state === 'Online',
        60_000,
      );
      consoleMoves.push(performance.now() - started);
    }
    return [
      summarize('wolfpack group move --wait (a new process)', cli),
      summarize("the console's move (POST, then live Online)", consoleMoves),
    ];
  } finally {
    feed.close();
  }
}

async function connectWhenUp(url: string, password: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await connect({ url, username: 'admin', password });
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * One `wolfpack events --follow`, running: OSDB_BACK paused and resumed in turn, each
 * timed from the REST reply of the change to its line on the command's stdout.
 */
async function benchEventsFollow(
  admin: WolfpackClient,
  bin: string,
  env: NodeJS.ProcessEnv,
  options: BenchOptions,
): Promise<Summary> {
  const child = spawn(process.execPath, [bin, 'events', '--follow', '--limit', '1'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let wake: (() => void) | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    wake?.();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    wake?.();
  });
  const seen = async (predicate: () => boolean, what: string): Promise<number> => {
    const deadline = performance.now() + 10_000;
    while (!predicate()) {
      if (child.exitCode !== null || performance.now() > deadline)
        throw new Error(`events --follow: ${what} not seen; stdout:\n${stdout}\nstderr:\n${stderr}`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 100);
      });
    }
    return performance.now();
  };
  try {
    await seen(() => stderr.includes('following the event log'), 'the start');
    const samples: number[] = [];
    for (let run = 1; run <= options.runs; run++) {
      const from = stdout.length;
      const paused = run % 2 === 1;
      const line = `${paused ? 'paused' : 'resumed'} node OSDB_BACK  (admin)`;
      await (paused ? admin.nodes.pause('OSDB_BACK') : admin.nodes.resume('OSDB_BACK'));
      const replied = performance.now();
      samples.push((await seen(() => stdout.indexOf(line, from) >= 0, line)) - replied);
    }
    return summarize('events --follow: change → line printed', samples);
  } finally {
    child.kill('SIGINT');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('close', resolve)));
    if ((await admin.nodes.get('OSDB_BACK')).paused) await admin.nodes.resume('OSDB_BACK');
  }
}
