import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startServer } from '../harness/in-process.ts';
import { LiveClient } from './live-client.ts';
import {
  admin,
  adminPassword,
  clients,
  feeds,
  freshUser,
  server,
  storeDir,
  useLiveAuthTestbed,
  watch,
} from './live-auth-testbed.ts';

/*
 * What gets into /live on the whole server, and how often: a client gets one snapshot per
 * few seconds however often it asks, handshakes are counted per address (behind a trusted
 * proxy, the client's), and a page of another origin is refused. A connection's life
 * after that is live-auth.test.ts's.
 */

useLiveAuthTestbed();

/** A bare WebSocket upgrade of /live from `origin`: the status and body of the refusal. */
function upgradeRefusal(url: string, origin: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${url}/socket.io/?EIO=4&transport=websocket`, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        origin,
        'sec-websocket-version': '13',
        'sec-websocket-key': randomBytes(16).toString('base64'),
      },
    });
    outgoing.on('upgrade', () => reject(new Error('the upgrade was accepted')));
    outgoing.on('response', (reply) => {
      let body = '';
      reply.setEncoding('utf8');
      reply.on('data', (part: string) => (body += part));
      reply.on('end', () => resolve({ status: reply.statusCode ?? 0, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('what one connection may cost', () => {
  it('500 resumes far ahead get one snapshot per few seconds, not 500', async () => {
    const watched = await watch({ cookie: admin.cookie! });
    const { live } = watched;
    const before = process.memoryUsage().rss;
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 500 }, () => live.socket.timeout(10_000).emitWithAck('resume', { revision: 1_000_000_000 })),
    );
    expect(answers.every((answer) => 'revision' in answer)).toBe(true);
    // The plain connect's snapshot, then one deferred to 3 s after it: nothing more in 4.5 s.
    await live.waitFor(
      'the deferred snapshot',
      () => live.messages.filter((message) => message.type === 'snapshot').length >= 2,
      10_000,
    );
    const deferredAfter = Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 4500 - (Date.now() - started))));
    const snapshots = live.messages.filter((message) => message.type === 'snapshot').length;
    expect(snapshots).toBe(2);
    expect(deferredAfter).toBeGreaterThan(1500);
    // Loose: 500 snapshots of this small cluster would be megabytes, not what the bound is about.
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
    expect(live.socket.connected).toBe(true);
  });
});

describe('what reconnecting may cost', () => {
  it('a user reconnecting over and over gets 10 snapshots at once, then one per 3 s however many connections it opens', async () => {
    const { client } = await freshUser();
    for (let n = 0; n < 10; n++) {
      const { live } = await watch({ cookie: client.cookie! });
      live.close();
    }
    const eleventh = new LiveClient(server.url, { token: '', extraHeaders: { cookie: client.cookie! }, plain: true });
    clients.push(eleventh);
    const started = Date.now();
    await eleventh.connect();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(eleventh.hasSnapshot).toBe(false);
    await eleventh.waitForSnapshot(10_000);
    const waited = Date.now() - started;
    console.log(`live: the 11th plain connect of one user got its snapshot after ${waited} ms`);
    expect(waited).toBeGreaterThan(1000);
    // Another user is not held up by this one.
    const other = await freshUser();
    const otherStarted = Date.now();
    await watch({ cookie: other.client.cookie! });
    expect(Date.now() - otherStarted).toBeLessThan(1000);
  });

  it('handshakes are counted per address before anything else: past the limit a clear refusal, and the feed waits instead of hammering', async () => {
    const limited = await startServer(storeDir, { rateLimits: { liveHandshakesPerMinute: 5 } });
    try {
      const session = await limited.signIn('admin', adminPassword);
      for (let n = 0; n < 5; n++) await watch({ cookie: session.cookie!, url: limited.url });
      const refusal = {
        error: 'rate-limited',
        message: expect.stringMatching(
          /^too many live connections from 127\.0\.0\.1: at most 5 a minute, try again in \d+ s$/,
        ),
        retryAfterMs: expect.any(Number),
      };
      const sixth = new LiveClient(limited.url, { token: '', extraHeaders: { cookie: session.cookie! } });
      clients.push(sixth);
      await expect(sixth.connect()).rejects.toMatchObject({ message: refusal.message, data: refusal });
      // Counted before its credentials are looked at: no credentials, the same refusal.
      const anonymous = new LiveClient(limited.url, { token: '' });
      clients.push(anonymous);
      await expect(anonymous.connect()).rejects.toMatchObject({ data: { error: 'rate-limited' } });

      // @wolfpack/client's feed shows the server's words and does not try again meanwhile.
      let upgrades = 0;
      limited.app.server.on('upgrade', () => upgrades++);
      const feed = await session.live();
      feeds.push(feed);
      await expect
        .poll(() => feed.reason ?? '', { timeout: 10_000 })
        .toMatch(/^too many live connections from 127\.0\.0\.1/);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect([feed.status, upgrades]).toEqual(['disconnected', 1]);
    } finally {
      await limited.close();
    }
  });
});

describe('handshakes behind a trusted proxy', () => {
  it('are counted per client address from X-Forwarded-For when the proxy is trusted (WOLFPACK_TRUST_PROXY), else per peer', async () => {
    const proxied = await startServer(storeDir, {
      rateLimits: { liveHandshakesPerMinute: 2 },
      trustProxy: ['127.0.0.1'],
    });
    try {
      const session = await proxied.signIn('admin', adminPassword);
      const from = (address: string) => ({ cookie: session.cookie!, 'x-forwarded-for': address });
      for (let n = 0; n < 2; n++)
        await watch({ cookie: session.cookie!, url: proxied.url }).then(({ live }) => live.close());
      // The peer (127.0.0.1, the proxy itself) has used its two; clients behind it have their own.
      for (const address of ['10.0.0.1', '10.0.0.1', '10.0.0.2']) {
        const live = new LiveClient(proxied.url, { token: '', extraHeaders: from(address) });
        clients.push(live);
        await live.connect();
      }
      const third = new LiveClient(proxied.url, { token: '', extraHeaders: from('10.0.0.1') });
      clients.push(third);
      await expect(third.connect()).rejects.toMatchObject({
        data: {
          error: 'rate-limited',
          message: expect.stringMatching(/^too many live connections from 10\.0\.0\.1: at most 2 a minute/),
        },
      });
      // An IPv6 client is its /64: the third address of one /64 is refused.
      for (const address of ['2001:db8::1', '2001:db8::2']) {
        const live = new LiveClient(proxied.url, { token: '', extraHeaders: from(address) });
        clients.push(live);
        await live.connect();
      }
      const sameHost = new LiveClient(proxied.url, { token: '', extraHeaders: from('2001:db8::3') });
      clients.push(sameHost);
      await expect(sameHost.connect()).rejects.toMatchObject({
        data: {
          error: 'rate-limited',
          message: expect.stringMatching(/^too many live connections from 2001:db8::\/64: at most 2 a minute/),
        },
      });
    } finally {
      await proxied.close();
    }
  });
});

describe('origin', () => {
  it('refuses a page of another origin, lets in its own and the configured ones', async () => {
    const refused = new LiveClient(server.url, {
      token: '',
      extraHeaders: { cookie: admin.cookie!, origin: 'http://evil.example' },
    });
    clients.push(refused);
    // engine.io answers a refused WebSocket upgrade 400, a refused polling handshake 403; both name the origin.
    await expect(refused.connect()).rejects.toMatchObject({
      message: 'websocket error',
      description: { message: 'Unexpected server response: 400' },
    });
    expect(refused.messages).toEqual([]);
    const refusal = `origin http://evil.example may not open the live stream: only this server's own origin and https://console.example.com (WOLFPACK_ALLOWED_ORIGINS)`;
    const polling = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, {
      headers: { cookie: admin.cookie!, origin: 'http://evil.example' },
    });
    expect([polling.status, await polling.json()]).toEqual([403, { code: 4, message: refusal }]);
    expect(await upgradeRefusal(server.url, 'http://evil.example')).toEqual({ status: 400, body: refusal });
    const own = await watch({ cookie: admin.cookie!, origin: server.url });
    expect(own.live.hasSnapshot).toBe(true);
    const configured = await watch({ cookie: admin.cookie!, origin: 'https://console.example.com' });
    expect(configured.live.hasSnapshot).toBe(true);
    // Another port of the same host is another origin.
    const otherPort = new LiveClient(server.url, {
      token: '',
      extraHeaders: { cookie: admin.cookie!, origin: 'http://127.0.0.1:1' },
    });
    clients.push(otherPort);
    await expect(otherPort.connect()).rejects.toMatchObject({
      description: { message: 'Unexpected server response: 400' },
    });
    expect(await upgradeRefusal(server.url, 'http://127.0.0.1:1')).toEqual({
      status: 400,
      body: expect.stringMatching(/^origin http:\/\/127\.0\.0\.1:1 may not open the live stream/),
    });
  });
});
