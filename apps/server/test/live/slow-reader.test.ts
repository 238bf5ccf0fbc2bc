import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { livePlugin } from '../../src/live/index.ts';
import { openTestStore, seedGroups, testAuthenticate, type TestStore } from './harness.ts';
import { LiveClient } from './live-client.ts';

/*
 * A client that stops reading while asking for more: the server drops it once what is
 * queued for it passes the bound, instead of holding every message. Snapshots are not
 * throttled here (snapshotIntervalMs 0), so each `resume` far ahead costs a whole one.
 */

const maxBufferedBytes = 256 * 1024;
let test_: TestStore;
let app: FastifyInstance;
let url: string;

beforeAll(async () => {
  test_ = await openTestStore();
  await seedGroups(test_, 20, 5);
  app = Fastify();
  await app.register(livePlugin, {
    store: test_.store,
    catalog: test_.catalog,
    authenticate: testAuthenticate,
    snapshotIntervalMs: 0,
    maxBufferedBytes,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await app?.close();
  await test_?.close();
});

test('a client that stops reading is dropped past the bound; the server does not keep its messages; others go on', async () => {
  const reader = new LiveClient(url);
  const stalled = new LiveClient(url);
  try {
    await reader.connect();
    await stalled.connect();
    await stalled.waitForSnapshot();
    await reader.waitForSnapshot();
    const snapshotBytes = JSON.stringify(stalled.messages[0]).length;
    expect(app.live.hub.size).toBe(2);

    // The client's WebSocket stops reading: the kernel's buffers fill, then the server's.
    const webSocket = (stalled.socket.io.engine as unknown as { transport: { ws?: { pause?: () => void } } }).transport
      .ws;
    if (typeof webSocket?.pause !== 'function')
      throw new Error('socket.io-client no longer runs on ws: find another way to stop reading');
    webSocket.pause();
    const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().external;
    const asks = 2000;
    for (let index = 0; index < asks; index++) stalled.socket.emit('resume', { revision: 1_000_000_000 });

    const deadline = Date.now() + 60_000;
    while (app.live.hub.size > 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(
      app.live.hub.size,
      `the stalled client was never dropped (${asks} snapshots of ${snapshotBytes} bytes asked)`,
    ).toBe(1);
    const grown = process.memoryUsage().heapUsed + process.memoryUsage().external - heapBefore;
    // Unbounded, it would hold asks × snapshotBytes (over 100 MiB here); a quarter of that is loose (the client, in this process, and garbage count too).
    expect(grown).toBeLessThan((asks * snapshotBytes) / 4);

    // The reading client is unaffected.
    const before = reader.messages.length;
    await test_.run({ type: 'create-group', name: 'AFTER_THE_DROP' });
    await reader.waitFor('the next batch', () => reader.messages.length > before);
    expect(reader.state.groups.has('AFTER_THE_DROP')).toBe(true);
  } finally {
    reader.close();
    stalled.close();
  }
}, 120_000);
