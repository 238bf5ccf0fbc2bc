import type { AddressInfo } from 'node:net';
import { createClient } from '@wolfpack/client';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { livePlugin } from '../../src/live/index.ts';
import { openTestStore, testAuthenticate, viewerToken, type TestStore } from './harness.ts';

/*
 * @wolfpack/client's LiveFeed and a handshake refused for coming too often: the feed says
 * why, keeps away for the time the server named (socket.io itself would never try again
 * after a refusal by the server's middleware), then connects and follows. The server's
 * admission here refuses the first handshake only, naming one second.
 */

let test_: TestStore;
let app: FastifyInstance;
let url: string;
const handshakes: number[] = [];

beforeAll(async () => {
  test_ = await openTestStore();
  app = Fastify();
  await app.register(livePlugin, {
    store: test_.store,
    catalog: test_.catalog,
    authenticate: testAuthenticate,
    admitHandshake: async () => {
      handshakes.push(Date.now());
      return handshakes.length === 1
        ? {
            error: 'rate-limited',
            message: 'too many live connections from 127.0.0.1: try again in 1 s',
            retryAfterMs: 1000,
          }
        : undefined;
    },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await app?.close();
  await test_?.close();
});

test('a rate-limited feed shows the refusal, waits the time named, then connects and gets its snapshot', async () => {
  const feed = await createClient({ url, token: viewerToken }).live();
  try {
    await expect
      .poll(() => feed.reason ?? '', { timeout: 10_000 })
      .toBe('too many live connections from 127.0.0.1: try again in 1 s');
    expect(feed.status).toBe('disconnected');
    await feed.ready(10_000);
    expect(feed.status).toBe('connected');
    expect(feed.state.revision).toBeGreaterThanOrEqual(0);
    expect(handshakes).toHaveLength(2);
    const pause = handshakes[1]! - handshakes[0]!;
    console.log(`live feed: came back ${pause} ms after a refusal naming 1000 ms`);
    // At least the time named, at most a quarter more (and the machine's slack).
    expect(pause).toBeGreaterThanOrEqual(1000);
    expect(pause).toBeLessThan(5000);
  } finally {
    feed.close();
  }
});
