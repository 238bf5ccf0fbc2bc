import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keys } from '@wolfpack/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStoreDir, startServer, type RunningServer, type StoreDir } from './harness/in-process.ts';

// The console's own files (HTML, scripts, styles) are fetched anonymously on every page
// load: they do not count against the anonymous rate limit, and serving them writes
// nothing. The API keeps its limit. A real server on a real store, a console dir of files.
const adminPassword = 'admin password 1';
const anonymousPerMinute = 5;

describe('the console files and the rate limit', () => {
  let storeDir: StoreDir;
  let server: RunningServer;

  beforeAll(async () => {
    storeDir = await openStoreDir(adminPassword);
    const consoleDir = join(storeDir.dataDir, 'console');
    mkdirSync(join(consoleDir, 'assets'), { recursive: true });
    writeFileSync(
      join(consoleDir, 'index.html'),
      '<!doctype html><title>console</title><script type="module" src="/assets/main-abc.js"></script>',
    );
    writeFileSync(join(consoleDir, 'assets', 'main-abc.js'), 'export const console = 1;\n');
    writeFileSync(join(consoleDir, 'assets', 'main-abc.css'), 'body { margin: 0 }\n');
    server = await startServer(storeDir, { consoleDir, rateLimits: { perMinute: 6000, anonymousPerMinute } });
  });

  afterAll(async () => {
    await server?.close();
    await storeDir?.remove();
  });

  it(`serves 60 page loads' files to one address past an anonymous limit of ${anonymousPerMinute}, writes nothing; the API stays limited`, async () => {
    const before = await storeDir.store.revision();
    const statuses = new Map<string, number>();
    for (let load = 0; load < 60; load++) {
      for (const path of ['/', '/assets/main-abc.js', '/assets/main-abc.css', '/groups/SOME_GROUP']) {
        const reply = await fetch(`${server.url}${path}`, { method: load % 10 === 9 ? 'HEAD' : 'GET' });
        await reply.arrayBuffer();
        const key = `${path} ${reply.status}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
      }
    }
    expect(Object.fromEntries(statuses)).toEqual({
      '/ 200': 60,
      '/assets/main-abc.js 200': 60,
      '/assets/main-abc.css 200': 60,
      '/groups/SOME_GROUP 200': 60,
    });
    expect(await storeDir.store.revision()).toBe(before);
    expect((await storeDir.store.range(keys.events)).kvs).toHaveLength(0);

    // Anonymous API calls from the same address are counted as before: the limit, then 429.
    const api: number[] = [];
    for (let call = 0; call < anonymousPerMinute + 2; call++)
      api.push((await fetch(`${server.url}/api/v1/cluster`)).status);
    expect(api).toEqual([...Array<number>(anonymousPerMinute).fill(401), 429, 429]);
    // The API's docs are API too.
    expect((await fetch(`${server.url}/api/v1/openapi.json`)).status).toBe(429);
  });
});
