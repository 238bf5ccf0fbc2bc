import { Agent, request } from 'node:http';
import { keys, type ClusterEventRecord } from '@wolfpack/contracts';
import { appendEvent, readEvents } from '@wolfpack/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@wolfpack/client';
import { RefusalTally } from '../src/plugins/app/refusal-tally.ts';
import { createToken } from '../src/users/index.ts';
import { openStoreDir, startServer, type StoreDir } from './harness/in-process.ts';

// Anonymous requests never write to the cluster store: a flood of them (bad sign-ins,
// changes without credentials) leaves the event log as it was but for one counted event,
// and the audit trail an admin left before it is still there. A real server on a real
// embedded store, over keep-alive HTTP.
const adminPassword = 'admin password 1';
const floodSize = 20_000;
const concurrency = 64;

interface Reply {
  status: number;
}

/** POSTs a JSON body over a keep-alive agent; resolves with the status once the reply is read. */
function post(
  agent: Agent,
  url: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${url}/api/v1${path}`,
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
      },
      (reply) => {
        reply.resume();
        reply.on('end', () => resolve({ status: reply.statusCode ?? 0 }));
        reply.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(text);
  });
}

const eventCount = async (storeDir: StoreDir) => (await storeDir.store.range(keys.events)).kvs.length;

describe('an anonymous flood and the audit log', () => {
  let storeDir: StoreDir;

  beforeAll(async () => {
    storeDir = await openStoreDir(adminPassword);
  });

  afterAll(async () => {
    await storeDir?.remove();
  });

  it(`${floodSize} anonymous POSTs leave the event count within a small bound and an admin's earlier event readable`, async () => {
    const server = await startServer(storeDir);
    const admin = await server.signIn('admin', adminPassword);
    await admin.groups.create({ name: 'BEFORE_THE_FLOOD' });
    await admin.users.create({ username: 'vera', password: 'viewer pass 1', role: 'viewer' });
    const before = await eventCount(storeDir);

    const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    const statuses = new Map<string, number>();
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < floodSize) {
        const index = next++;
        // Half sign-ins with made-up names, half changes with no credentials at all.
        const reply =
          index % 2 === 0
            ? await post(agent, server.url, '/session', { username: `guess${index % 7}`, password: 'not the password' })
            : await post(agent, server.url, '/groups', { name: `FLOOD_${index}` });
        const key = `${index % 2 === 0 ? 'login' : 'create'} ${reply.status}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    agent.destroy();
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `audit flood: ${floodSize} anonymous POSTs in ${seconds.toFixed(1)} s: ${JSON.stringify(Object.fromEntries(statuses))}`,
    );

    // While the server runs, nothing was written at all.
    expect(await eventCount(storeDir)).toBe(before);
    // Sign-in is limited to 10 a minute per address (the admin's took one), everything else anonymous to 600.
    const minutes = Math.ceil(seconds / 60);
    const failedSignIns = statuses.get('login 401')!;
    expect(failedSignIns).toBeGreaterThanOrEqual(9);
    expect(failedSignIns).toBeLessThanOrEqual(10 * minutes - 1);
    expect(statuses.get('login 429')).toBe(floodSize / 2 - failedSignIns);
    expect(statuses.get('create 401')! + statuses.get('create 429')!).toBe(floodSize / 2);
    expect(statuses.get('create 401')).toBeLessThanOrEqual(600 * minutes);

    // Closing writes what was counted: one event for the address.
    await server.close();
    const after = await eventCount(storeDir);
    expect(after - before).toBeGreaterThanOrEqual(1);
    expect(after - before).toBeLessThanOrEqual(2);

    const events = await readEvents(storeDir.store, { limit: 50 });
    expect(events).toContainEqual(
      expect.objectContaining({
        actor: 'admin',
        command: 'create-group',
        result: 'ok',
        message: 'created group BEFORE_THE_FLOOD',
      }),
    );
    const counted = events.find((event) => event.actor === 'anonymous@127.0.0.1');
    expect(counted).toMatchObject({
      command: 'login',
      result: 'refused',
      // Every 429 is counted: the sign-ins' and the anonymous changes'.
      message: `refused ${failedSignIns} failed sign-ins and ${floodSize / 2 - failedSignIns + statuses.get('create 429')!} requests over the rate limit from 127.0.0.1`,
    });
    // The names tried are an admin's detail, never in the message.
    expect(counted!.detail).toMatch(/^names tried: "guess\d" ×\d+/);
    expect(counted!.message).not.toContain('guess');

    // GET /events: admins see the detail, viewers do not.
    const again = await startServer(storeDir);
    try {
      const adminAgain = await again.signIn('admin', adminPassword);
      const viewer = await again.signIn('vera', 'viewer pass 1');
      const ofAdmin = (await adminAgain.events.list({ limit: 50 })).find(
        (event: ClusterEventRecord) => event.actor === 'anonymous@127.0.0.1',
      );
      const ofViewer = (await viewer.events.list({ limit: 50 })).find(
        (event: ClusterEventRecord) => event.actor === 'anonymous@127.0.0.1',
      );
      expect(ofAdmin?.detail).toBe(counted!.detail);
      expect(ofViewer).toMatchObject({ message: counted!.message });
      expect(ofViewer).not.toHaveProperty('detail');

      // Nor does the live stream carry it (one feed serves every socket, admins' too).
      const feed = await viewer.live();
      try {
        await feed.ready();
        const live: ClusterEventRecord[] = [];
        feed.subscribe((update) => {
          if (update.type === 'changes') live.push(...update.events);
        });
        await appendEvent(storeDir.store, {
          ...counted!,
          time: Date.now(),
          message: 'a counted refusal, written while a viewer follows',
        });
        await expect
          .poll(() => live.map((event) => event.message))
          .toContain('a counted refusal, written while a viewer follows');
        expect(live.find((event) => event.actor === 'anonymous@127.0.0.1')).not.toHaveProperty('detail');
      } finally {
        feed.close();
      }
    } finally {
      await again.close();
    }
  }, 180_000);

  it('2000 forbidden requests of a viewer leave the event count within a small bound: the first written at once, the rest as one counted event', async () => {
    const server = await startServer(storeDir);
    try {
      const admin = await server.signIn('admin', adminPassword);
      await admin.users.create({ username: 'walter', password: 'viewer pass 2', role: 'viewer' });
      const { token } = await (await server.signIn('walter', 'viewer pass 2')).tokens.create({
        name: 'flooding script',
      });
      const before = await eventCount(storeDir);
      const agent = new Agent({ keepAlive: true, maxSockets: 16 });
      const statuses = new Map<number, number>();
      let next = 0;
      const worker = async () => {
        while (next < 2000) {
          next++;
          const reply = await post(
            agent,
            server.url,
            '/groups',
            { name: 'NOT_FOR_VIEWERS' },
            { authorization: `Bearer ${token}` },
          );
          statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
      agent.destroy();
      expect(Object.fromEntries(statuses)).toEqual({ 403: 2000 });

      // The first is in the log at once, whole.
      expect(await eventCount(storeDir)).toBe(before + 1);
      const first = (await admin.events.list({ limit: 5 })).find(
        (event) => event.actor === 'walter' && event.result === 'refused',
      );
      expect(first).toMatchObject({
        command: 'create-group',
        result: 'refused',
        reason: expect.stringMatching(/^user walter \(role viewer\) may not create-group: it needs role admin/),
      });
    } finally {
      await server.close();
    }
    // The window's end (here: the server closing) writes the other 1999 as one event.
    const refused = (await readEvents(storeDir.store, { limit: 20 })).filter(
      (event) => event.actor === 'walter' && event.result === 'refused',
    );
    expect(refused.map((event) => event.command).sort()).toEqual(['create-group', 'refused-requests']);
    expect(refused.find((event) => event.command === 'refused-requests')).toMatchObject({
      message: 'refused 1999 more requests of walter from 127.0.0.1 after the first of the minute: create-group ×1999',
      reason: expect.stringMatching(/^user walter \(role viewer\) may not create-group/),
    });
  }, 60_000);

  it("counts every rate-limit refusal: anonymous ones on any route, reads, and a signed-in user's under their name", async () => {
    const server = await startServer(storeDir, { rateLimits: { perMinute: 2, anonymousPerMinute: 2 } });
    const before = new Set((await readEvents(storeDir.store, { limit: 100 })).map((event) => JSON.stringify(event)));
    try {
      const { token } = await createToken(storeDir.store, 'admin', 'rate-limited reader');
      const script = createClient({ url: server.url, token });
      const statuses = [
        (await server.anonymous.raw('GET', '/groups')).status,
        (await server.anonymous.raw('GET', '/groups')).status,
        (await server.anonymous.raw('GET', '/groups')).status,
        (await server.anonymous.raw('POST', '/groups', { body: { name: 'NOT_ANONYMOUS' } })).status,
        (await script.raw('GET', '/groups')).status,
        (await script.raw('GET', '/groups')).status,
        (await script.raw('GET', '/groups')).status,
      ];
      expect(statuses).toEqual([401, 401, 429, 429, 200, 200, 429]);
    } finally {
      await server.close();
    }
    const counted = (await readEvents(storeDir.store, { limit: 100 })).filter(
      (event) => !before.has(JSON.stringify(event)),
    );
    expect(counted.map((event) => `${event.actor}: ${event.message}`).sort()).toEqual([
      'admin: refused 1 request over the rate limit from 127.0.0.1',
      'anonymous@127.0.0.1: refused 2 requests over the rate limit from 127.0.0.1',
    ]);
  });

  it('counts at most a bounded number of addresses a window; the rest fold into one event', () => {
    const tally = new RefusalTally({ maxEntries: 3, maxNames: 2 });
    for (let address = 0; address < 1000; address++)
      tally.note(
        { kind: 'failed-sign-in', address: `10.0.${address >> 8}.${address & 255}`, claimedName: `name${address % 5}` },
        1000 + address,
      );
    tally.note({ kind: 'failed-sign-in', address: '10.0.0.0', claimedName: 'other' }, 5000);
    tally.note({ kind: 'failed-sign-in', address: '10.0.0.0', claimedName: 'third' }, 5001);
    // A signed-in user past the bound is still named, never folded into the anonymous count.
    tally.note({ kind: 'rate-limited', address: '10.0.0.1', actor: 'olivia' }, 5002);
    tally.note({ kind: 'rate-limited', address: '10.0.0.7', actor: 'olivia' }, 5003);
    expect(
      tally.note(
        { kind: 'refused', address: '10.0.0.8', actor: 'oscar', command: 'create-group', reason: 'forbidden' },
        5004,
      ),
    ).toBe(true);
    const events = tally.drain();
    expect(events.map((event) => `${event.actor}: ${event.message}`)).toEqual([
      'anonymous@10.0.0.0: refused 3 failed sign-ins from 10.0.0.0',
      'anonymous@10.0.0.1: refused 1 failed sign-in from 10.0.0.1',
      'anonymous@10.0.0.2: refused 1 failed sign-in from 10.0.0.2',
      'anonymous: refused 997 more requests from addresses past the first 3 (not told apart)',
      'olivia: refused 2 more requests of olivia from addresses past the first 3 (not told apart)',
    ]);
    expect(events[0]!.detail).toBe('names tried: "name0" ×1, "other" ×1, 1 more');
    expect(events[0]!.time).toBe(1000);
    expect(tally.drain()).toEqual([]);
  });
});
