import { Type } from '@sinclair/typebox';
import { endpoint } from '@wolfpack/contracts';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { compressionThreshold, registerCompression } from '../src/plugins/external/compression.ts';
import { endpointRoute } from '../src/routes/endpoint-route.ts';

// An answer marked secretAnswer (a CSRF token, a new API token) goes out uncompressed even
// when it is large and the client accepts brotli, so its length cannot reveal the secret
// (BREACH); the same answer unmarked is compressed. A bare Fastify with the server's own
// compression and route registration.
const large = { text: 'x'.repeat(compressionThreshold * 2) };
const answer = (path: string, secretAnswer: boolean) =>
  endpoint({
    method: 'GET',
    path,
    tag: 'test',
    access: 'public',
    summary: 'a large answer',
    ...(secretAnswer ? { secretAnswer: true } : {}),
    replies: { 200: Type.Object({ text: Type.String() }) },
  });

describe('secret answers', () => {
  it('are never compressed; the same answer unmarked is', async () => {
    const app = Fastify();
    await registerCompression(app);
    endpointRoute(app, answer('/secret', true), async () => large);
    endpointRoute(app, answer('/plain', false), async () => large);
    await app.ready();
    try {
      const secret = await app.inject({ method: 'GET', url: '/secret', headers: { 'accept-encoding': 'br' } });
      const plain = await app.inject({ method: 'GET', url: '/plain', headers: { 'accept-encoding': 'br' } });
      expect(plain.headers['content-encoding']).toBe('br');
      expect(secret.headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(secret.body)).toEqual(large);
    } finally {
      await app.close();
    }
  });
});
