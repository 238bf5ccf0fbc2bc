import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { buildConsole } from '@wolfpack/console/build';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStoreDir, startServer, type RunningServer, type StoreDir } from './harness/in-process.ts';

// The real console, built into a folder of its own and served by a real server: what a
// browser fetches for the login page's first paint (index.html's scripts and the modules
// it preloads), brotli as a browser asks, stays small, and holds none of the signed-in
// console (the tree, the panels, the live feed load after signing in).
const adminPassword = 'admin password 1';
/** Issue 14: first paint needs at most this much compressed script. */
const firstPaintBudget = 150 * 1024;

function get(url: string): Promise<{ status: number; encoding: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': 'br, gzip' } }, (reply) => {
      const chunks: Buffer[] = [];
      reply.on('data', (chunk: Buffer) => chunks.push(chunk));
      reply.on('end', () =>
        resolve({
          status: reply.statusCode ?? 0,
          encoding: reply.headers['content-encoding'],
          body: Buffer.concat(chunks),
        }),
      );
      reply.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe("the login page's first paint", () => {
  let storeDir: StoreDir;
  let server: RunningServer;
  let consoleDir: string;

  beforeAll(async () => {
    consoleDir = mkdtempSync(join(tmpdir(), 'wolfpack-console-build-'));
    // Vitest sets NODE_ENV=test, and Vite would then bundle React's development build.
    const mode = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await buildConsole({ quiet: true, outDir: consoleDir });
    } finally {
      if (mode === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = mode;
    }
    storeDir = await openStoreDir(adminPassword);
    server = await startServer(storeDir, { consoleDir });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await storeDir?.remove();
    rmSync(consoleDir, { recursive: true, force: true });
  });

  it(`needs at most ${firstPaintBudget / 1024} KB of brotli script, none of it the signed-in console`, async () => {
    const page = await get(`${server.url}/`);
    expect(page.status).toBe(200);
    const html = (page.encoding === 'br' ? brotliDecompressSync(page.body) : page.body).toString();
    const scripts = [
      ...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g),
      ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
    ].map((match) => match[1]!);
    expect(scripts.length).toBeGreaterThan(0);

    let bytes = 0;
    for (const script of scripts) {
      const reply = await get(`${server.url}${script}`);
      expect(reply.status, script).toBe(200);
      // Anything of a few KB goes compressed; only the tiny runtime may not.
      if (reply.body.length > 4096) expect(reply.encoding, script).toBe('br');
      bytes += reply.body.length;
    }
    expect(bytes).toBeLessThanOrEqual(firstPaintBudget);
    // The login page's own chunk is there; the signed-in console's is loaded later.
    expect(scripts.some((script) => script.includes('signed-in-console'))).toBe(false);
    const source = await Promise.all(
      scripts.map(async (script) => {
        const reply = await get(`${server.url}${script}`);
        return (reply.encoding === 'br' ? brotliDecompressSync(reply.body) : reply.body).toString();
      }),
    );
    // The login form is in it; the main window (its tree pane) is not.
    const holds = (text: string) => source.some((code) => code.includes(text));
    expect(holds('Log on to manage the cluster.'), 'the login form loads first').toBe(true);
    expect(holds('Cluster navigation'), 'the main window loads only after signing in').toBe(false);
  });
});
