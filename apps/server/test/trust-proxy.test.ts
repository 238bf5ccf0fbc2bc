import type { ErrorBody } from '@wolfpack/contracts';
import { readEvents } from '@wolfpack/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readServerConfig } from '../src/config.ts';
import { openStoreDir, startServer, type RunningServer, type StoreDir } from './harness/in-process.ts';

// Who a request comes from: X-Forwarded-For counts only from a configured proxy, an IPv6
// client counts by its /64, and the settings naming proxies, origins and budgets are read
// strictly. Real servers on a real store, spoken to over TCP (request-order.test.ts has
// the limits and deadlines a request meets).
const adminPassword = 'admin password 1';

describe('WOLFPACK_TRUST_PROXY', () => {
  let storeDir: StoreDir;

  beforeAll(async () => {
    storeDir = await openStoreDir(adminPassword);
  });

  afterAll(async () => {
    await storeDir?.remove();
  });

  const badSignIn = async (target: RunningServer, forwardedFor: string) =>
    (
      await target.anonymous.raw('POST', '/session', {
        body: { username: 'admin', password: 'guessing away' },
        headers: { 'x-forwarded-for': forwardedFor },
      })
    ).status;

  it('ignores X-Forwarded-For unless set: one address behind a proxy cannot lock out another', async () => {
    // Events carry their window's first moment: the ones each server wrote are told apart by content.
    const seen = new Set<string>();
    const newEvents = async () => {
      const fresh = (await readEvents(storeDir.store, { limit: 100 })).filter(
        (event) => !seen.has(JSON.stringify(event)),
      );
      for (const event of fresh) seen.add(JSON.stringify(event));
      return fresh.map((event) => `${event.actor}: ${event.message}`).sort();
    };
    await newEvents();
    const direct = await startServer(storeDir, { loginAttemptsPerMinute: 2 });
    try {
      expect([
        await badSignIn(direct, '10.0.0.1'),
        await badSignIn(direct, '10.0.0.1'),
        await badSignIn(direct, '10.0.0.1'),
      ]).toEqual([401, 401, 429]);
      // Without the setting every sender is the proxy's (here the loopback) address.
      expect(await badSignIn(direct, '10.0.0.2')).toBe(429);
    } finally {
      await direct.close();
    }
    // The direct server wrote down the peer only, whatever the header claimed.
    expect(await newEvents()).toEqual([
      'anonymous@127.0.0.1: refused 2 failed sign-ins and 2 requests over the rate limit from 127.0.0.1',
    ]);
    const proxied = await startServer(storeDir, { loginAttemptsPerMinute: 2, trustProxy: ['127.0.0.1'] });
    try {
      expect([
        await badSignIn(proxied, '10.0.0.1'),
        await badSignIn(proxied, '10.0.0.1'),
        await badSignIn(proxied, '10.0.0.1'),
      ]).toEqual([401, 401, 429]);
      expect(await badSignIn(proxied, '10.0.0.2')).toBe(401);
    } finally {
      await proxied.close();
    }
    // The proxied one names the forwarded addresses, and not the proxy.
    expect(await newEvents()).toEqual([
      'anonymous@10.0.0.1: refused 2 failed sign-ins and 1 request over the rate limit from 10.0.0.1',
      'anonymous@10.0.0.2: refused 1 failed sign-in from 10.0.0.2',
    ]);
  });

  it('counts an IPv6 client by its /64 (sign-in guesses, the anonymous budget, the refusal tally), IPv4-mapped IPv6 as the IPv4 address', async () => {
    const proxied = await startServer(storeDir, {
      loginAttemptsPerMinute: 2,
      rateLimits: { anonymousPerMinute: 3 },
      trustProxy: ['127.0.0.1'],
      refusalWindowMs: 60_000,
    });
    // Events carry their window's first moment: new ones are told apart by content.
    const before = new Set((await readEvents(storeDir.store, { limit: 50 })).map((event) => JSON.stringify(event)));
    try {
      const hosts = ['2001:db8::1', '2001:db8::2', '2001:db8::3', '2001:db8::4', '2001:db8::5', '2001:db8::6'];
      const statuses: number[] = [];
      for (const address of hosts) statuses.push(await badSignIn(proxied, address));
      expect(statuses).toEqual([401, 401, 429, 429, 429, 429]);
      // Another /64 has its own guesses; ::ffff:10.0.0.7 is 10.0.0.7.
      expect(await badSignIn(proxied, '2001:db8:0:1::1')).toBe(401);
      expect([
        await badSignIn(proxied, '::ffff:10.0.0.7'),
        await badSignIn(proxied, '10.0.0.7'),
        await badSignIn(proxied, '::ffff:10.0.0.7'),
      ]).toEqual([401, 401, 429]);
      const refusal = await proxied.anonymous.raw<ErrorBody>('POST', '/session', {
        body: { username: 'admin', password: 'guessing away' },
        headers: { 'x-forwarded-for': '2001:db8::7' },
      });
      expect(refusal.body.message).toMatch(/^too many attempts from 2001:db8::\/64: at most 2 per minute/);
      // The anonymous budget (3 a minute here) is the /64's, whichever of its addresses asks.
      const reads: number[] = [];
      for (const address of ['2001:db8:0:2::a', '2001:db8:0:2::b', '2001:db8:0:2::c', '2001:db8:0:2::d']) {
        reads.push((await proxied.anonymous.raw('GET', '/groups', { headers: { 'x-forwarded-for': address } })).status);
      }
      expect(reads).toEqual([401, 401, 401, 429]);
    } finally {
      await proxied.close();
    }
    // The tally kept one slot for the /64, not one per address.
    const written = (await readEvents(storeDir.store, { limit: 50 })).filter(
      (event) => !before.has(JSON.stringify(event)) && event.actor?.startsWith('anonymous@'),
    );
    expect(written.map((event) => event.actor).sort()).toEqual([
      'anonymous@10.0.0.7',
      'anonymous@2001:db8:0:1::/64',
      'anonymous@2001:db8:0:2::/64',
      'anonymous@2001:db8::/64',
    ]);
    expect(written.find((event) => event.actor === 'anonymous@2001:db8::/64')?.message).toBe(
      'refused 2 failed sign-ins and 5 requests over the rate limit from 2001:db8::/64',
    );
  });

  it('reads the setting as addresses or CIDR ranges, naming the variable when it is not', () => {
    expect(readServerConfig({ WOLFPACK_TRUST_PROXY: '10.0.0.5, 192.168.0.0/24,::1' }, []).trustProxy).toEqual([
      '10.0.0.5',
      '192.168.0.0/24',
      '::1',
    ]);
    expect(readServerConfig({}, []).trustProxy).toBeUndefined();
    expect(() => readServerConfig({ WOLFPACK_TRUST_PROXY: 'true' }, [])).toThrow(
      /WOLFPACK_TRUST_PROXY must list the proxies' addresses or CIDR ranges.*not "true"/,
    );
    expect(() => readServerConfig({ WOLFPACK_TRUST_PROXY: '10.0.0.0/33' }, [])).toThrow(/not "10.0.0.0\/33"/);
  });

  it('reads WOLFPACK_PUBLIC_URL and WOLFPACK_ALLOWED_ORIGINS as origins (one rule), naming the variable when one is not', () => {
    expect(readServerConfig({ WOLFPACK_PUBLIC_URL: 'http://10.0.0.5:8080/' }, []).publicUrl).toBe(
      'http://10.0.0.5:8080',
    );
    expect(
      readServerConfig({ WOLFPACK_ALLOWED_ORIGINS: 'https://a.example, http://b.example:8443/' }, []).allowedOrigins,
    ).toEqual(['https://a.example', 'http://b.example:8443']);
    for (const bad of ['ftp://a.example', 'https://a.example/console', 'a.example']) {
      expect(() => readServerConfig({ WOLFPACK_PUBLIC_URL: bad }, [])).toThrow(
        `WOLFPACK_PUBLIC_URL must be an origin such as http://10.0.0.5:8080 (http or https, no path), not "${bad}"`,
      );
      expect(() => readServerConfig({ WOLFPACK_ALLOWED_ORIGINS: `https://ok.example,${bad}` }, [])).toThrow(
        `WOLFPACK_ALLOWED_ORIGINS must be comma-separated origins such as https://wolfpack.example.com (http or https, no path), not "${bad}"`,
      );
    }
  });

  it('reads WOLFPACK_RATE_LIMIT_COSTLY (per address per minute to each costly route, default 120), naming it when it is no whole number', () => {
    expect(readServerConfig({}, []).rateLimits.costlyPerMinute).toBe(120);
    expect(readServerConfig({ WOLFPACK_RATE_LIMIT_COSTLY: '30' }, []).rateLimits.costlyPerMinute).toBe(30);
    expect(() => readServerConfig({ WOLFPACK_RATE_LIMIT_COSTLY: '0' }, [])).toThrow(
      'WOLFPACK_RATE_LIMIT_COSTLY must be a whole number from 1 to 10000000, not "0"',
    );
  });

  it('reads WOLFPACK_LIVE_HANDSHAKES (per address per minute, default 120), naming it when it is no whole number', () => {
    expect(readServerConfig({}, []).rateLimits.liveHandshakesPerMinute).toBe(120);
    expect(readServerConfig({ WOLFPACK_LIVE_HANDSHAKES: '30' }, []).rateLimits.liveHandshakesPerMinute).toBe(30);
    expect(() => readServerConfig({ WOLFPACK_LIVE_HANDSHAKES: 'many' }, [])).toThrow(
      'WOLFPACK_LIVE_HANDSHAKES must be a whole number from 1 to 10000000, not "many"',
    );
  });
});
