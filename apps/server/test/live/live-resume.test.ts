import { describe, expect, test } from 'vitest';
import { io } from 'socket.io-client';
import { report, viewerToken } from './harness.ts';
import { LiveClient } from './live-client.ts';
import { client, clients, expectInSync, server, startServerAgain, test_, useLiveTestbed } from './live-testbed.ts';

/*
 * /live's handshake and resuming, against a real embedded store and a real Fastify
 * server. These tests use LiveClient, which lets them choose when and from where
 * (live-client.ts says why); following the cluster is live.test.ts's.
 */

useLiveTestbed();

describe('live state over socket.io /live', () => {
  test('refuses a connection without a session or token, naming what it needs', async () => {
    for (const token of ['', 'wrong-token']) {
      const error = (await client({ token })
        .connect()
        .catch((failure: unknown) => failure)) as Error & { data?: { error?: string } };
      expect(error).toBeInstanceOf(Error);
      expect(error.message).toMatch(/session .*API token/);
      expect(error.data?.error).toBe('unauthorized');
    }
    // Nothing is served on the main namespace, signed in or not.
    const main = io(server.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: { token: viewerToken },
    });
    const refused = await new Promise<Error>((resolve) => main.once('connect_error', resolve));
    main.close();
    expect(refused.message).toMatch(/connect to \/live/);
  });

  test('accepts the token as an Authorization header too', async () => {
    const live = client({ token: '', extraHeaders: { authorization: 'Bearer test-viewer' } });
    await live.connect();
    await live.waitForSnapshot();
  });

  test('a client that resumes after a disconnect gets exactly the changes it missed', async () => {
    const watcher = client(); // stays connected throughout: the reference for what was missed
    const live = client();
    await Promise.all([watcher.connect(), live.connect()]);
    await live.waitForSnapshot();
    await report(test_.store, 'R5-0', 'GROUP_5', 'OSDB_SERV', 'OnlinePending', 20);
    const first = await report(test_.store, 'R5-0', 'GROUP_5', 'OSDB_SERV', 'Online', 21);
    await live.waitForRevision(first);
    await watcher.waitForRevision(first);

    live.close();
    const left = live.revision!;
    const watcherMark = watcher.messages.length;
    for (let n = 0; n < 30; n++)
      await report(test_.store, `R5-${n % 5}`, 'GROUP_5', 'OSDB_SERV', n % 2 ? 'Online' : 'Failed', 100 + n);
    await test_.run({ type: 'set-resource-properties', name: 'R5-1', private: { PrefixLength: 16 } });
    const last = await report(test_.store, 'R5-4', 'GROUP_5', 'OSDB_SERV', 'Online', 200);
    await watcher.waitForRevision(last);

    const mark = live.messages.length;
    await live.connect(); // the handshake names the revision it has
    await live.waitForRevision(last);
    expect(live.messages.slice(mark).map((message) => message.type)).toEqual(['changes']);
    const [resumed] = live.changesFrom(mark);
    const missed = watcher.changesFrom(watcherMark).filter((message) => message.revision > left);
    expect(resumed!.changes).toEqual(missed.flatMap((message) => message.changes));
    expect(resumed!.changes.filter((change) => change.kind === 'event')).toHaveLength(1);
    await expectInSync(live);
    await expectInSync(watcher);

    // Nothing missed since: a resume brings no message at all, and later changes come once.
    live.close();
    const quiet = live.messages.length;
    await live.connect();
    const next = await report(test_.store, 'R5-4', 'GROUP_5', 'OSDB_SERV', 'Failed', 300);
    await live.waitForRevision(next);
    expect(live.messages.slice(quiet)).toEqual([{ type: 'changes', revision: next, changes: expect.any(Array) }]);
    await expectInSync(live);
  });

  test('a resume event right after a plain connect gets the snapshot once and nothing twice', async () => {
    const live = client({ plain: true });
    await live.connect();
    await live.waitForSnapshot();
    const old = live.revision!;
    live.close();
    const missed = await report(test_.store, 'R6-0', 'GROUP_6', 'OSDB_SERV', 'Online', 400);

    const mark = live.messages.length;
    await live.connect();
    const answer = await live.socket.timeout(5000).emitWithAck('resume', { revision: old });
    if (!('revision' in answer)) throw new Error(`resume refused: ${answer.message}`);
    await live.waitForRevision(missed);
    expect(answer.revision).toBeGreaterThanOrEqual(missed);
    const next = await report(test_.store, 'R6-0', 'GROUP_6', 'OSDB_SERV', 'Failed', 401);
    await live.waitForRevision(next);
    expect(live.messages.slice(mark).map((message) => [message.type, message.revision])).toEqual([
      ['snapshot', answer.revision],
      ['changes', next],
    ]);
    await expectInSync(live);
  });

  test('a resume from a revision this server does not hold gets a fresh snapshot', async () => {
    const live = client();
    await live.connect();
    await live.waitForSnapshot();
    const old = live.revision!;
    live.close();
    const bystander = client();
    await bystander.connect();
    const dropped = new Promise((resolve) => bystander.socket.once('disconnect', resolve));

    // A server restart: its history starts now, so the old revision is older than it holds.
    // Closing it drops its connected clients rather than waiting for them.
    await server.close();
    await dropped;
    await report(test_.store, 'R7-0', 'GROUP_7', 'OSDB_SERV', 'Online', 500);
    await startServerAgain();
    const restarted = new LiveClient(server.url, { resume: old });
    clients.push(restarted);
    await restarted.connect();
    await restarted.waitForSnapshot();
    expect(restarted.messages.map((message) => message.type)).toEqual(['snapshot']);
    await expectInSync(restarted);

    // Ahead of the server (a revision from the future): a snapshot too.
    const ahead = new LiveClient(server.url, { resume: restarted.revision! + 1000 });
    clients.push(ahead);
    await ahead.connect();
    await ahead.waitForSnapshot();
    expect(ahead.messages.map((message) => message.type)).toEqual(['snapshot']);
  });
});
