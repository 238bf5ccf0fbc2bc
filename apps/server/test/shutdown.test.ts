import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@wolfpack/client';
import { refusal } from '@wolfpack/client/testing';
import { readEvents } from '@wolfpack/engine';
import { openEmbeddedStore } from '@wolfpack/store-embedded';
import { afterAll, describe, expect, it } from 'vitest';
import { buildOnce } from '@wolfpack/testing/build';

// The server process as `npm start` runs it (dist/server.mjs on an embedded store): the
// failed sign-ins it counted for the minute are written when it is stopped with SIGTERM,
// not lost with the process.
const dataDir = mkdtempSync(join(tmpdir(), 'wolfpack-shutdown-'));

describe('stopping the server', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('SIGTERM writes the refusals counted so far before the process exits', async () => {
    await buildOnce();
    const server = spawn(process.execPath, [createRequire(import.meta.url).resolve('@wolfpack/server/bundle')], {
      env: {
        ...process.env,
        WOLFPACK_DATA_DIR: dataDir,
        WOLFPACK_ADMIN_PASSWORD: 'admin password 1',
        PORT: '0',
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no console URL in 30 s:\n${output}`)), 30_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Console: (http:\/\/\S+?)\/\s/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      };
      server.stdout.on('data', read);
      server.stderr.on('data', read);
      void exited.then((code) => reject(new Error(`the server exited (${code}):\n${output}`)));
    });

    const anonymous = createClient({ url });
    for (const name of ['mallory', 'mallory', 'eve']) {
      expect((await refusal(anonymous.session.login({ username: name, password: 'a guess' }))).status).toBe(401);
    }
    server.kill('SIGTERM');
    expect(await exited).toBe(0);

    const store = await openEmbeddedStore({ path: join(dataDir, 'cluster.db') });
    try {
      const counted = (await readEvents(store, { limit: 50 })).filter((event) => event.actor === 'anonymous@127.0.0.1');
      expect(counted).toEqual([
        expect.objectContaining({
          command: 'login',
          message: 'refused 3 failed sign-ins from 127.0.0.1',
          detail: 'names tried: "mallory" ×2, "eve" ×1',
        }),
      ]);
    } finally {
      await store.close();
    }
  }, 60_000);
});
