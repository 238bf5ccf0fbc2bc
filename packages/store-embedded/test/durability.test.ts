/*
 * The embedded store's durability settings. 'power' (the default) must survive a power
 * loss: SQLite's synchronous=FULL, an fsync of the WAL at every commit. 'process' survives
 * kill -9 only: synchronous=NORMAL, no fsync at commit. The pragma belongs to a connection,
 * not to the file, so every process sets it on the connection it opens; and what counts is
 * that the fsyncs really happen, which strace sees.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeWhen } from '@wolfpack/test-requirements';
import { openDatabase, type Durability } from '../src/schema.ts';
import { bundleStoreWorker } from '@wolfpack/testing/store-worker-process';

/** SQLite's values of PRAGMA synchronous. */
const NORMAL = 1;
const FULL = 2;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wolfpack-durability-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the synchronous pragma of each durability', () => {
  const synchronousOf = (durability: Durability, path = join(dir, 'cluster.db')) => {
    const db = openDatabase({ path, durability, busyTimeoutMs: 1000 });
    try {
      return db.pragma('synchronous', { simple: true });
    } finally {
      db.close();
    }
  };

  it("'power' opens a connection with synchronous FULL, 'process' with NORMAL", () => {
    expect(synchronousOf('power')).toBe(FULL);
    expect(synchronousOf('process')).toBe(NORMAL);
  });

  it('each connection to the same file keeps its own setting: one opened later with another durability changes nothing of the first', () => {
    const path = join(dir, 'cluster.db');
    const power = openDatabase({ path, durability: 'power', busyTimeoutMs: 1000 });
    const crashSafe = openDatabase({ path, durability: 'process', busyTimeoutMs: 1000 });
    try {
      expect(power.pragma('synchronous', { simple: true })).toBe(FULL);
      expect(crashSafe.pragma('synchronous', { simple: true })).toBe(NORMAL);
    } finally {
      crashSafe.close();
      power.close();
    }
  });
});

describeWhen('strace', 'fsyncs of a process writing through the embedded store', () => {
  const commits = 40;
  let bundle: string;
  beforeAll(async () => {
    bundle = await bundleStoreWorker();
  });
  afterAll(() => rmSync(bundle, { force: true }));

  /** Runs a worker that makes `commits` writes under strace; the fsyncs of the store's WAL file it made. */
  function walSyncs(durability: Durability | undefined): number {
    const db = join(dir, 'cluster.db');
    const trace = join(dir, 'strace.out');
    const run = spawnSync(
      'strace',
      [
        '-f',
        '-y',
        '-e',
        'trace=fsync,fdatasync',
        '-o',
        trace,
        process.execPath,
        bundle,
        'writer',
        db,
        '/d/',
        String(commits),
      ],
      {
        env: { ...process.env, ...(durability ? { WOLFPACK_STORE_DURABILITY: durability } : {}) },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.split('\n').filter((line) => line.startsWith('ack '))).toHaveLength(commits);
    // With -y strace names the file: fdatasync(13</tmp/…/cluster.db-wal>) = 0
    return readFileSync(trace, 'utf8')
      .split('\n')
      .filter((line) => /sync\(\d+<[^>]*cluster\.db-wal>\)/.test(line)).length;
  }

  it("'power' fsyncs the WAL at every commit", () => {
    expect(walSyncs('power')).toBeGreaterThanOrEqual(commits);
  });

  it("the default is 'power': a store opened without a durability fsyncs at every commit too (wolfpackd, the server and the launcher open it so)", () => {
    expect(walSyncs(undefined)).toBeGreaterThanOrEqual(commits);
  });

  it("'process' does not fsync at commit", () => {
    expect(walSyncs('process')).toBeLessThan(commits / 4);
  });
});
