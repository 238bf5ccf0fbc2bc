import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInTypeEntries } from '@wolfpack/built-in-types';
import type { WolfpackClient } from '@wolfpack/client';
import type { ErrorBody } from '@wolfpack/contracts';
import { createCatalog } from '@wolfpack/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiPath } from './harness/calls.ts';
import { openStoreDir, startServer, type RunningServer, type StoreDir } from './harness/in-process.ts';

// What any HTTP client meets: the OpenAPI document, security headers, unknown routes,
// the console's files, internal errors (TLS: http-surface-tls.test.ts). The server built
// in-process on a real store. Under /api/v1 through client.raw; the console's pages and
// files, and paths outside the API, are no REST calls: `page` fetches them as a browser would.
const adminPassword = 'surface password';

/** GET (or `method`) a path of the server outside /api/v1, as a browser would: its status, headers and text. */
async function page(
  url: string,
  path: string,
  method = 'GET',
): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(`${url}${path}`, { method });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Every route of API v1 with its methods, as the server should list it. */
const expectedOperations = [
  'GET /api/v1/health',
  'POST /api/v1/session',
  'GET /api/v1/session',
  'DELETE /api/v1/session',
  'POST /api/v1/session/password',
  'GET /api/v1/cluster',
  'GET /api/v1/cluster/properties',
  'PATCH /api/v1/cluster',
  'GET /api/v1/nodes',
  'POST /api/v1/nodes',
  'GET /api/v1/nodes/{name}',
  'DELETE /api/v1/nodes/{name}',
  'POST /api/v1/nodes/{name}/rename',
  'POST /api/v1/nodes/{name}/pause',
  'POST /api/v1/nodes/{name}/resume',
  'GET /api/v1/groups',
  'POST /api/v1/groups',
  'GET /api/v1/groups/{name}',
  'PATCH /api/v1/groups/{name}',
  'DELETE /api/v1/groups/{name}',
  'POST /api/v1/groups/{name}/rename',
  'POST /api/v1/groups/{name}/move',
  'POST /api/v1/groups/{name}/online',
  'POST /api/v1/groups/{name}/offline',
  'GET /api/v1/resources',
  'POST /api/v1/resources',
  'GET /api/v1/resources/{name}',
  'PATCH /api/v1/resources/{name}',
  'DELETE /api/v1/resources/{name}',
  'PATCH /api/v1/resources/{name}/properties',
  'POST /api/v1/resources/{name}/rename',
  'POST /api/v1/resources/{name}/dependencies/{provider}',
  'DELETE /api/v1/resources/{name}/dependencies/{provider}',
  'POST /api/v1/resources/{name}/online',
  'POST /api/v1/resources/{name}/offline',
  'POST /api/v1/resources/{name}/fail',
  'POST /api/v1/resources/{name}/control',
  'GET /api/v1/resource-types',
  'POST /api/v1/resource-types',
  'GET /api/v1/resource-types/{name}',
  'DELETE /api/v1/resource-types/{name}',
  'GET /api/v1/resource-types/{name}/{version}/panel.mjs',
  'GET /api/v1/events',
  'GET /api/v1/users',
  'POST /api/v1/users',
  'PATCH /api/v1/users/{username}',
  'DELETE /api/v1/users/{username}',
  'GET /api/v1/tokens',
  'POST /api/v1/tokens',
  'DELETE /api/v1/tokens/{id}',
];

describe('the HTTP surface', () => {
  let storeDir: StoreDir;
  let server: RunningServer;
  let admin: WolfpackClient;

  beforeAll(async () => {
    storeDir = await openStoreDir(adminPassword);
    // No console build here: the "not built" page is part of what is tested.
    server = await startServer(storeDir, { consoleDir: join(storeDir.dataDir, 'no-console') });
    admin = await server.signIn('admin', adminPassword);
  });

  afterAll(async () => {
    await server?.close();
    await storeDir?.remove();
  });

  it('publishes an OpenAPI document generated from the route schemas, and a docs page', async () => {
    const reply = await server.anonymous.raw('GET', '/openapi.json');
    expect(reply.status).toBe(200);
    const document = reply.body as {
      openapi: string;
      paths: Record<string, Record<string, { summary?: string; responses?: Record<string, unknown> }>>;
    };
    expect(document.openapi).toMatch(/^3\./);
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual([...expectedOperations].sort());
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        expect(operation.summary, `${method} ${path}`).toBeTruthy();
        expect(Object.keys(operation.responses ?? {}).length, `${method} ${path}`).toBeGreaterThan(1);
      }
    }
    // Schemas are the contracts': the move body names node and dryRun.
    const move = document.paths['/api/v1/groups/{name}/move']!.post as {
      requestBody: { content: Record<string, { schema: { properties: object } }> };
    };
    expect(Object.keys(move.requestBody.content['application/json']!.schema.properties)).toEqual(['node', 'dryRun']);
    const docs = await server.anonymous.raw('GET', '/docs/');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('Swagger UI');
  });

  it('sends security headers; the CSP allows same-origin modules and a websocket to this host', async () => {
    const reply = await admin.raw('GET', '/cluster');
    const csp = reply.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(new RegExp(`connect-src 'self' ws://127\\.0\\.0\\.1:${new URL(server.url).port}`));
    expect(csp).not.toContain('upgrade-insecure-requests'); // plain http
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    expect(reply.headers.get('strict-transport-security')).toBeNull();
  });

  it('answers unknown API routes and methods with a 404 ErrorBody; other GETs with the console page', async () => {
    for (const [method, path] of [
      ['GET', '/nope'],
      ['POST', '/groups/X/explode'],
      ['PUT', '/groups'],
    ] as const) {
      const reply = await admin.raw(method, path);
      expect(reply.status, `${method} ${path}`).toBe(404);
      expect(reply.body).toEqual({ error: 'not-found', message: `no route ${method} /api/v1${path}` });
    }
    for (const [method, path] of [
      ['POST', '/anything'],
      ['GET', '/api'],
    ] as const) {
      const reply = await page(server.url, path, method);
      expect(reply.status, `${method} ${path}`).toBe(404);
      expect(JSON.parse(reply.text)).toEqual({ error: 'not-found', message: `no route ${method} ${path}` });
    }
    const consolePage = await page(server.url, '/groups/SOCKET_GROUP');
    expect(consolePage.status).toBe(200);
    expect(consolePage.headers.get('content-type')).toMatch(/^text\/html/);
    expect(consolePage.text).toContain('the web console is not built yet');
  });

  it('refuses malformed bodies with ErrorBody, and hides internal errors behind a request id', async () => {
    const missing = await admin.raw('POST', '/groups', { headers: { 'content-type': 'application/json' } });
    expect(missing.status).toBe(400); // no body where one is required
    const broken = await admin.raw<Record<string, unknown>>('POST', '/groups', { body: '{"name": ' });
    expect(broken.status).toBe(400);
    expect(Object.keys(broken.body).sort()).toEqual(['error', 'message']);
    expect(broken.body.error).toBe('validation');

    // A server whose store is gone: every request fails inside; the client learns only that.
    const doomed = await openStoreDir(adminPassword);
    const failing = await startServer(doomed);
    try {
      const session = await failing.signIn('admin', adminPassword);
      await doomed.store.close();
      const reply = await session.raw<ErrorBody>('GET', '/cluster');
      expect(reply.status).toBe(500);
      expect(reply.body).toEqual({
        error: 'internal',
        message: expect.stringMatching(/^internal error: the server log has the details \(request req-\w+\)$/),
      });
      expect(reply.text).not.toMatch(/at |\.ts|closed|sqlite/i);
    } finally {
      await failing.close();
      await doomed.remove();
    }
  });

  it('serves the built console: files, hashed assets cached for good, index.html for client routes', async () => {
    const consoleDir = mkdtempSync(join(tmpdir(), 'wolfpack-console-'));
    mkdirSync(join(consoleDir, 'assets'));
    writeFileSync(
      join(consoleDir, 'index.html'),
      '<!doctype html><title>Wolfpack console</title><script type="module" src="/assets/app-1234.js"></script>',
    );
    writeFileSync(join(consoleDir, 'assets', 'app-1234.js'), 'console.log("console");');
    const withConsole = await startServer(storeDir, { consoleDir });
    try {
      const index = await page(withConsole.url, '/');
      expect(index.text).toContain('Wolfpack console');
      expect(index.headers.get('cache-control')).toBe('no-cache');
      const asset = await page(withConsole.url, '/assets/app-1234.js');
      expect(asset.headers.get('content-type')).toMatch(/javascript/);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect((await page(withConsole.url, '/groups/SOCKET_GROUP')).text).toContain('Wolfpack console');
      expect((await withConsole.anonymous.raw('GET', '/nope')).status).toBe(404);
    } finally {
      await withConsole.close();
      rmSync(consoleDir, { recursive: true, force: true });
    }
  });

  it("serves a built-in type's panel file when its package has one", async () => {
    const packageDir = mkdtempSync(join(tmpdir(), 'wolfpack-type-'));
    mkdirSync(join(packageDir, 'dist'));
    writeFileSync(join(packageDir, 'dist', 'panel.mjs'), 'export default function Panel() { return null; }\n');
    const [chat] = builtInTypeEntries().filter((entry) => entry.manifest.name === 'Chat Server');
    const catalog = createCatalog([{ ...chat!, enginePath: join(packageDir, chat!.manifest.entryPoints.engine) }]);
    const withPanel = await startServer(storeDir, { catalog });
    try {
      const session = await withPanel.signIn('admin', adminPassword);
      const type = await session.resourceTypes.get('Chat Server');
      expect(type.panelUrl).toBe(`/api/v1/resource-types/Chat%20Server/${chat!.manifest.version}/panel.mjs`);
      const panel = await session.raw(
        'GET',
        apiPath`/resource-types/${'Chat Server'}/${chat!.manifest.version}/panel.mjs`,
      );
      expect(panel.status).toBe(200);
      expect(panel.text).toContain('function Panel');
      expect(panel.headers.get('cache-control')).toContain('immutable');
      rmSync(join(packageDir, 'dist', 'panel.mjs'));
    } finally {
      await withPanel.close();
      rmSync(packageDir, { recursive: true, force: true });
    }
  });
});
