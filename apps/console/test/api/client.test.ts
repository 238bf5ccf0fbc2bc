import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../src/api/client.ts';
import { createEndpoints } from '../../src/api/endpoints.ts';
import { ApiError, fieldErrorsByPath, normaliseFieldPath, toErrorBody } from '../../src/api/errors.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real HTTP server on loopback that answers like the Wolfpack API for a few routes. */
let server: Server;
let base: string;
const seen: Seen[] = [];

function answer(request: IncomingMessage, body: string, response: ServerResponse) {
  seen.push({ method: request.method!, url: request.url!, headers: request.headers, body });
  const json = (status: number, value: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(value));
  };
  const url = request.url!;
  if (url === '/api/v1/session' && request.method === 'POST') return json(200, { user: 'admin', role: 'admin', csrfToken: 'token-1' });
  if (url === '/api/v1/groups/SOCKET_GROUP/move') {
    const parsed = JSON.parse(body || '{}') as { node?: string; dryRun?: boolean };
    if (parsed.node === 'PAUSED') return json(409, { error: 'conflict', message: 'node PAUSED is Paused: it takes no new groups' });
    if (parsed.dryRun) return json(200, { plan: { group: 'SOCKET_GROUP', fromNode: 'OSDB_SERV', toNode: parsed.node ?? 'OSDB_BACK', steps: [] } });
    return json(202, { group: 'SOCKET_GROUP', targetNode: parsed.node ?? 'OSDB_BACK', revision: 41 });
  }
  if (url === '/api/v1/resources/Chat%20Server/properties') {
    return json(400, { error: 'validation', message: 'invalid body: private.MaxUser must be <= 10', fields: [{ path: 'private.MaxUser', message: 'MaxUser must be <= 10' }] });
  }
  if (url.startsWith('/api/v1/events')) return json(200, [{ revision: 5, time: 1, kind: 'command', object: { kind: 'group', name: 'G' }, message: 'm' }]);
  if (url === '/api/v1/text') {
    response.writeHead(502, { 'content-type': 'text/plain' });
    return response.end('Bad Gateway from a proxy');
  }
  if (url === '/api/v1/session' && request.method === 'DELETE') {
    response.writeHead(204);
    return response.end();
  }
  return json(401, { error: 'unauthorized', message: 'sign in first' });
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => answer(request, body, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('ApiClient', () => {
  it('sends the CSRF token on mutations only, once it has one', async () => {
    const client = new ApiClient({ baseUrl: base });
    const api = createEndpoints(client);
    const session = await api.session.login({ username: 'admin', password: 'pw' });
    expect(seen.at(-1)?.headers['x-csrf-token']).toBeUndefined();
    client.setCsrfToken(session.csrfToken);
    await api.groups.move('SOCKET_GROUP', 'OSDB_BACK');
    expect(seen.at(-1)?.headers['x-csrf-token']).toBe('token-1');
    expect(JSON.parse(seen.at(-1)!.body)).toEqual({ node: 'OSDB_BACK' });
    await api.events({ limit: 10 });
    expect(seen.at(-1)?.url).toBe('/api/v1/events?limit=10');
    expect(seen.at(-1)?.headers['x-csrf-token']).toBeUndefined();
  });

  it('asks for the move plan with dryRun and reads it', async () => {
    const api = createEndpoints(new ApiClient({ baseUrl: base }));
    const reply = await api.groups.planMove('SOCKET_GROUP');
    expect(JSON.parse(seen.at(-1)!.body)).toEqual({ dryRun: true });
    expect(reply.plan.toNode).toBe('OSDB_BACK');
  });

  it('throws the server\'s ErrorBody on a refusal (409 with its reason)', async () => {
    const api = createEndpoints(new ApiClient({ baseUrl: base }));
    const error = await api.groups.move('SOCKET_GROUP', 'PAUSED').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(409);
    expect((error as ApiError).code).toBe('conflict');
    expect((error as ApiError).message).toBe('node PAUSED is Paused: it takes no new groups');
  });

  it('keeps field errors so a form shows each at its field', async () => {
    const api = createEndpoints(new ApiClient({ baseUrl: base }));
    const error = await api.resources.setProperties('Chat Server', { private: { MaxUser: 11 } }).catch((e: unknown) => e);
    expect(seen.at(-1)?.url).toBe('/api/v1/resources/Chat%20Server/properties');
    expect(fieldErrorsByPath(error)).toEqual({ 'private.MaxUser': 'MaxUser must be <= 10' });
  });

  it('turns a reply that is not an ErrorBody into one, and tells the session it ended on 401', async () => {
    let ended = 0;
    const client = new ApiClient({ baseUrl: base, onUnauthorized: () => (ended += 1) });
    const text = await client.get('/text').catch((e: unknown) => e as ApiError);
    expect(text).toMatchObject({ status: 502, body: { error: 'internal', message: '502 Bad Gateway from a proxy' } });
    const unauthorized = await client.get('/nowhere').catch((e: unknown) => e as ApiError);
    expect(unauthorized).toMatchObject({ status: 401, body: { error: 'unauthorized', message: 'sign in first' } });
    expect(ended).toBe(1);
    expect(await client.delete('/session')).toBeUndefined();
  });

  it('says the server cannot be reached when nothing answers', async () => {
    const client = new ApiClient({ baseUrl: 'http://127.0.0.1:1/api/v1' });
    const error = await client.get('/cluster').catch((e: unknown) => e as ApiError) as ApiError;
    expect(error.status).toBe(0);
    expect(error.message).toMatch(/cannot be reached/);
  });
});

describe('error helpers', () => {
  it('normalises field paths written as JSON pointers', () => {
    expect(normaliseFieldPath('/private/MaxUser')).toBe('private.MaxUser');
    expect(normaliseFieldPath('common.restartThreshold')).toBe('common.restartThreshold');
  });

  it('gives every status a code', () => {
    expect(toErrorBody(404, 'Not Found', undefined)).toEqual({ error: 'not-found', message: '404 Not Found' });
    expect(toErrorBody(409, '', { error: 'conflict', message: 'cycle', fields: [{ path: 'dependencies', message: 'cycle' }] }).fields).toHaveLength(1);
  });
});
