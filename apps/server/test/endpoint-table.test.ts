import { apiPrefix, everyEndpoint } from '@wolfpack/contracts';
import type { HTTPMethods } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type WolfpackApp } from '../src/app.ts';
import { apiDocsPrefix, openApiPathOf } from '../src/plugins/external/api-docs.ts';
import { openStoreDir, type StoreDir } from './harness/in-process.ts';

// The contracts' endpoint table is the API: the server serves exactly its routes (a route
// added in a folder but not in the table, or the reverse, fails here by name), and the
// OpenAPI document shows each one that is not hidden with the table's words.

/** `GET /api/v1/nodes/:name` for every table entry. */
const tableRoutes = everyEndpoint().map(({ endpoint }) => `${endpoint.method} ${apiPrefix}${endpoint.path}`);

/**
 * Every method and path the server routes, read off `printRoutes` (Fastify lists its
 * routes nowhere else once they are registered): a tree whose lines are
 * `│   ├── /segment (GET, HEAD)`, a node's path being its ancestors' segments joined.
 */
function servedRoutes(app: WolfpackApp): string[] {
  const routes: string[] = [];
  const segments: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    if (line.trim() === '') continue;
    const match = /^((?:│ {3}| {4})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) throw new Error(`printRoutes line not understood: ${line}`);
    const depth = match[1]!.length / 4;
    segments.splice(depth, segments.length, match[2]!);
    const path = segments.join('');
    for (const method of match[3]?.split(', ') ?? []) routes.push(`${method} ${path}`);
  }
  return routes;
}

describe('the endpoint table', () => {
  let storeDir: StoreDir;
  let app: WolfpackApp;

  beforeAll(async () => {
    storeDir = await openStoreDir('endpoint table password');
    app = await buildApp({ store: storeDir.store, dataDir: storeDir.dataDir });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await storeDir?.remove();
  });

  it('is what the server serves under /api/v1: no route missing from either', () => {
    const served = servedRoutes(app).filter((route) => {
      const [method, path] = route.split(' ') as [string, string];
      // HEAD: Fastify's own twin of each GET. Under /docs: swagger-ui's pages and assets.
      return (
        path.startsWith(`${apiPrefix}/`) &&
        method !== 'HEAD' &&
        path !== apiDocsPrefix &&
        !path.startsWith(`${apiDocsPrefix}/`)
      );
    });
    // The reading of printRoutes is right: each route it found is one Fastify finds.
    for (const route of served) {
      const [method, url] = route.split(' ') as [HTTPMethods, string];
      expect(app.hasRoute({ method, url }), `printRoutes read as ${route}`).toBe(true);
    }
    expect(
      served.filter((route) => !tableRoutes.includes(route)),
      'served, but not in the endpoint table',
    ).toEqual([]);
    expect(
      tableRoutes.filter((route) => !served.includes(route)),
      'in the endpoint table, but not served',
    ).toEqual([]);
    expect(new Set(tableRoutes).size, 'the table names a method and path twice').toBe(tableRoutes.length);
  });

  it('is the OpenAPI document: every endpoint not hidden, with its tag, summary and replies', () => {
    const document = app.swagger() as {
      paths: Record<
        string,
        Record<
          string,
          {
            tags?: string[];
            summary?: string;
            responses?: Record<string, unknown>;
            requestBody?: { required?: boolean };
          }
        >
      >;
    };
    const listed: string[] = [];
    for (const { family, name, endpoint } of everyEndpoint()) {
      const path = openApiPathOf(endpoint.path);
      listed.push(`${endpoint.method} ${path}`);
      const operation = document.paths[path]?.[endpoint.method.toLowerCase()];
      if (endpoint.hidden) {
        expect(operation, `${family}.${name} is hidden, yet in the document`).toBeUndefined();
        continue;
      }
      expect(operation, `${family}.${name}: ${endpoint.method} ${path} is not in the document`).toBeDefined();
      expect(operation!.summary, `${family}.${name}`).toBe(endpoint.summary);
      expect(operation!.tags, `${family}.${name}`).toEqual([endpoint.tag]);
      expect(Object.keys(operation!.responses ?? {}).sort(), `${family}.${name}`).toEqual(
        Object.keys(endpoint.replies).sort(),
      );
      expect(operation!.requestBody?.required, `${family}.${name}: is its body required?`).toBe(
        endpoint.body === undefined ? undefined : !endpoint.bodyOptional,
      );
    }
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(
      operations.filter((operation) => !listed.includes(operation)),
      'in the document, but not in the endpoint table',
    ).toEqual([]);
  });

  it('holds each route to its body limit: a 2 MiB body is read for type registration (12 MiB), refused elsewhere (1 MiB)', async () => {
    const login = await app.inject({
      method: 'POST',
      url: `${apiPrefix}/session`,
      payload: { username: 'admin', password: 'endpoint table password' },
    });
    const cookie = String(login.headers['set-cookie'] ?? '').split(';')[0]!;
    const headers = {
      cookie,
      'x-csrf-token': (login.json() as { csrfToken: string }).csrfToken,
      'content-type': 'application/json',
    };
    const big = JSON.stringify({ manifest: {}, engineModule: 'x'.repeat(2 * 1024 * 1024) });
    const registration = await app.inject({
      method: 'POST',
      url: `${apiPrefix}/resource-types`,
      headers,
      payload: big,
    });
    // Read whole, then refused for what it says (the manifest is empty), not for its size.
    expect(registration.statusCode).toBe(400);
    const group = await app.inject({ method: 'POST', url: `${apiPrefix}/groups`, headers, payload: big });
    expect(group.statusCode).toBe(413);
  });
});
