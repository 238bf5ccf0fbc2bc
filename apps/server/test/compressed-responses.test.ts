import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { precompress } from '@wolfpack/console/precompress';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStoreDir, startServer, type RunningServer, type StoreDir } from './harness/in-process.ts';

// The console's files leave the build compressed (.br, .gz beside each) and the server
// sends the variant the browser accepts, with the headers a cache needs; large JSON is
// compressed per answer. Raw node:http, because fetch would decompress out of sight.
const adminPassword = 'admin password 1';

interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(url: string, headers: Record<string, string> = {}): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (reply) => {
      const chunks: Buffer[] = [];
      reply.on('data', (chunk: Buffer) => chunks.push(chunk));
      reply.on('end', () =>
        resolve({ status: reply.statusCode ?? 0, headers: reply.headers, body: Buffer.concat(chunks) }),
      );
      reply.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe('compressed responses and cache headers', () => {
  let storeDir: StoreDir;
  let server: RunningServer;
  let script: Buffer;
  const asset = '/assets/main-Ab12Cd34.js';

  beforeAll(async () => {
    storeDir = await openStoreDir(adminPassword);
    const consoleDir = join(storeDir.dataDir, 'console');
    mkdirSync(join(consoleDir, 'assets'), { recursive: true });
    writeFileSync(
      join(consoleDir, 'index.html'),
      `<!doctype html><title>console</title><script src="${asset}"></script>`,
    );
    // Compressible text with some noise in it, as a bundle is: 40 KB.
    const lines = Array.from({ length: 800 }, (_, n) => `export const line${n} = '${randomBytes(8).toString('hex')}';`);
    script = Buffer.from(`${lines.join('\n')}\n`);
    writeFileSync(join(consoleDir, asset), script);
    await precompress(consoleDir);
    server = await startServer(storeDir, { consoleDir });
  });

  afterAll(async () => {
    await server?.close();
    await storeDir?.remove();
  });

  it('the build writes a brotli and a gzip copy beside the asset, each smaller than it', () => {
    const dir = join(storeDir.dataDir, 'console', 'assets', 'main-Ab12Cd34.js');
    expect(brotliDecompressSync(readFileSync(`${dir}.br`))).toEqual(script);
    expect(gunzipSync(readFileSync(`${dir}.gz`))).toEqual(script);
    expect(readFileSync(`${dir}.br`).length).toBeLessThan(script.length / 2);
  });

  it('a hashed asset asked for with Accept-Encoding: br comes back brotli, the same bytes, cached for a year', async () => {
    const reply = await get(`${server.url}${asset}`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-encoding']).toBe('br');
    expect(reply.headers.vary).toMatch(/accept-encoding/i);
    expect(reply.headers['content-type']).toMatch(/javascript/);
    expect(reply.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(reply.body.length).toBeLessThan(script.length / 2);
    expect(brotliDecompressSync(reply.body)).toEqual(script);
    // The build's copy as it is, not compressed again per request.
    expect(reply.body).toEqual(readFileSync(join(storeDir.dataDir, 'console', `${asset}.br`)));
    expect(reply.headers['content-length']).toBe(String(reply.body.length));
  });

  it('gzip when only gzip is accepted; plain, still with Vary, when nothing is', async () => {
    const gzipped = await get(`${server.url}${asset}`, { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.body)).toEqual(script);

    const plain = await get(`${server.url}${asset}`);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    expect(plain.body).toEqual(script);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('index.html, at / and at a console route, is never cached without asking again', async () => {
    for (const path of ['/', '/index.html', '/groups/SOME_GROUP']) {
      const reply = await get(`${server.url}${path}`, { 'accept-encoding': 'br' });
      expect(reply.status, path).toBe(200);
      expect(reply.headers['cache-control'], path).toBe('no-cache');
      const html = reply.headers['content-encoding'] === 'br' ? brotliDecompressSync(reply.body) : reply.body;
      expect(html.toString(), path).toContain(asset);
    }
  });

  it('a large JSON answer is compressed for a client that accepts it; a small one stays plain', async () => {
    const plain = await get(`${server.url}/api/v1/openapi.json`);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const document = JSON.parse(plain.body.toString());

    const compressed = await get(`${server.url}/api/v1/openapi.json`, { 'accept-encoding': 'br, gzip' });
    expect(compressed.headers['content-encoding']).toBe('br');
    expect(compressed.headers.vary).toMatch(/accept-encoding/i);
    expect(compressed.body.length).toBeLessThan(plain.body.length / 3);
    expect(JSON.parse(brotliDecompressSync(compressed.body).toString())).toEqual(document);

    // A small refusal (401, a few dozen bytes) is not worth compressing.
    const refusal = await get(`${server.url}/api/v1/cluster`, { 'accept-encoding': 'br, gzip' });
    expect(refusal.status).toBe(401);
    expect(refusal.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(refusal.body.toString())).toHaveProperty('error');
  });
});
