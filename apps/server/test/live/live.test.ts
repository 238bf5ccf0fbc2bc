import { createClient, type ClusterState, type LiveFeed, type LiveUpdate } from '@wolfpack/client';
import { keys, type LiveChange, type ResourceTypeManifest } from '@wolfpack/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { io } from 'socket.io-client';
import { nodeUp, openTestStore, place, report, seedGroups, startLiveServer, viewerToken, type LiveServer, type TestStore } from './harness.ts';
import { LiveClient } from './live-client.ts';

/*
 * /live against a real embedded store and a real Fastify server: what a console sees.
 * Tests that follow the cluster use @wolfpack/client's LiveFeed, as the console and the CLI
 * do; tests of the handshake and of resuming use LiveClient, which lets them choose when
 * and from where (live-client.ts says why). Every test ends by comparing the state the
 * client applied with clusterSnapshot of the store.
 */

let test_: TestStore;
let server: LiveServer;
const clients: LiveClient[] = [];
const feeds: LiveFeed[] = [];

function client(options?: ConstructorParameters<typeof LiveClient>[1]): LiveClient {
  const live = new LiveClient(server.url, options);
  clients.push(live);
  return live;
}

/** A LiveFeed and every update it applied, in order. */
interface Followed {
  feed: LiveFeed;
  updates: LiveUpdate[];
  state: ClusterState;
  /** Batches whose revision is not above the previous update's. */
  disorder: string[];
  waitForRevision(revision: number): Promise<unknown>;
}

/** @wolfpack/client's live feed, signed in with the test token: resolves once its snapshot is applied. */
async function follow(): Promise<Followed> {
  const feed = await createClient({ url: server.url, token: viewerToken }).live();
  feeds.push(feed);
  const updates: LiveUpdate[] = [];
  const disorder: string[] = [];
  feed.subscribe((update) => {
    const previous = updates.at(-1);
    if (previous && update.type === 'changes' && update.revision <= previous.revision) disorder.push(`changes at ${update.revision} after ${previous.type} at ${previous.revision}`);
    updates.push(update);
  });
  await feed.ready(10_000);
  return { feed, updates, state: feed.state, disorder, waitForRevision: (revision) => feed.until((state) => state.revision >= revision, 10_000) };
}

/** The changes of the updates from index `from` on, in order. */
const changesFrom = (followed: Followed, from: number): LiveChange[] =>
  followed.updates.slice(from).flatMap((update) => (update.type === 'changes' ? update.changes : []));

/** Wait until the client has caught up with the store, then compare its state with a fresh snapshot. */
async function expectInSync(live: LiveClient | Followed): Promise<void> {
  const fresh = await test_.snapshot();
  await live.waitForRevision(fresh.revision);
  expect(live.state.revision).toBe(fresh.revision);
  expect(live.state.snapshot()).toEqual(fresh);
  expect(live.disorder).toEqual([]);
}

beforeAll(async () => {
  test_ = await openTestStore();
  await seedGroups(test_, 10, 5);
  server = await startLiveServer(test_.store, test_.catalog);
}, 120_000);

afterEach(() => {
  for (const live of clients.splice(0)) live.close();
  for (const feed of feeds.splice(0)) feed.close();
});

afterAll(async () => {
  await server?.close();
  await test_?.close();
});

describe('live state over socket.io /live', () => {
  test('refuses a connection without a session or token, naming what it needs', async () => {
    for (const token of ['', 'wrong-token']) {
      const error = (await client({ token }).connect().catch((failure: unknown) => failure)) as Error & { data?: { error?: string } };
      expect(error).toBeInstanceOf(Error);
      expect(error.message).toMatch(/session .*API token/);
      expect(error.data?.error).toBe('unauthorized');
    }
    // Nothing is served on the main namespace, signed in or not.
    const main = io(server.url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: viewerToken } });
    const refused = await new Promise<Error>((resolve) => main.once('connect_error', resolve));
    main.close();
    expect(refused.message).toMatch(/connect to \/live/);
  });

  test('accepts the token as an Authorization header too', async () => {
    const live = client({ token: '', extraHeaders: { authorization: 'Bearer test-viewer' } });
    await live.connect();
    await live.waitForSnapshot();
  });

  test('sends a snapshot equal to GET /cluster at its revision', async () => {
    const live = await follow();
    const fresh = await test_.snapshot();
    expect(live.updates[0]).toEqual({ type: 'snapshot', revision: fresh.revision });
    expect(live.state.snapshot()).toEqual(fresh);
    expect(fresh.groups).toHaveLength(10);
    expect(fresh.resources).toHaveLength(50);
  });

  test("a resource's status change changes its view and its group's view", async () => {
    const live = await follow();
    const before = live.updates.length;
    for (const resource of ['R3-0', 'R3-1', 'R3-2', 'R3-3']) await report(test_.store, resource, 'GROUP_3', 'OSDB_SERV', 'Online', 10);
    let revision = await report(test_.store, 'R3-4', 'GROUP_3', 'OSDB_SERV', 'Online', 10);
    await live.waitForRevision(revision);
    const changes = changesFrom(live, before);
    expect(changes).toContainEqual({ kind: 'resource', name: 'R3-4', value: expect.objectContaining({ state: 'Online', ownerNode: 'OSDB_SERV', since: 10 }) });
    expect(changes.findLast((change) => change.kind === 'group')).toEqual({ kind: 'group', name: 'GROUP_3', value: expect.objectContaining({ state: 'Online' }) });

    // One resource failing makes the group Failed: both views change in one batch.
    const mark = live.updates.length;
    revision = await report(test_.store, 'R3-2', 'GROUP_3', 'OSDB_SERV', 'Failed', 11);
    await live.waitForRevision(revision);
    expect(live.updates.slice(mark)).toHaveLength(1);
    const batch = changesFrom(live, mark);
    expect(batch).toEqual([
      { kind: 'resource', name: 'R3-2', value: expect.objectContaining({ state: 'Failed' }) },
      { kind: 'group', name: 'GROUP_3', value: expect.objectContaining({ state: 'Failed' }) },
    ]);
    await expectInSync(live);
  });

  test('a burst of 500 changes arrives in a few batches that add up to the store', async () => {
    const live = await follow();
    const before = live.updates.length;
    const states = ['OnlinePending', 'Online', 'OfflinePending', 'Offline', 'Failed'] as const;
    // All 500 writes commit before the server's watch can run: one burst.
    const writes: Promise<number>[] = [];
    for (let n = 0; n < 500; n++) {
      const i = n % 10;
      const j = Math.floor(n / 10) % 5;
      writes.push(report(test_.store, `R${i}-${j}`, `GROUP_${i}`, 'OSDB_SERV', states[(n + j) % states.length]!, 1000 + n));
    }
    const revisions = await Promise.all(writes);
    await live.waitForRevision(Math.max(...revisions));
    const batches = live.updates.slice(before).filter((update) => update.type === 'changes');
    console.log(`burst of 500 status writes: ${batches.length} batches, ${batches.reduce((sum, b) => sum + b.changes.length, 0)} changes`);
    expect(batches.length).toBeGreaterThan(0);
    expect(batches.length).toBeLessThanOrEqual(5);
    await expectInSync(live);
  });

  test('changes of every kind of object keep a client exactly in step with the store', async () => {
    const live = await follow();
    const start = live.state.revision;
    await test_.run({ type: 'create-node', name: 'SPARE' }); // every resource's default possible owners
    await nodeUp(test_.store, 'SPARE');
    await test_.run({ type: 'pause-node', name: 'SPARE' });
    await test_.run({ type: 'create-group', name: 'NEW_GROUP' });
    await test_.run({ type: 'create-resource', name: 'New IP', group: 'NEW_GROUP', resourceType: 'IP Address', private: { Address: '127.0.9.9' } });
    await report(test_.store, 'New IP', 'NEW_GROUP', 'SPARE', 'Online');
    await place(test_.store, 'NEW_GROUP', 'SPARE'); // the resource's owner and the group's state follow the placement
    await test_.run({ type: 'set-resource-properties', name: 'R1-0', private: { PrefixLength: 24 } });
    await test_.run({ type: 'add-dependency', name: 'R1-1', provider: 'R1-0' });
    await place(test_.store, 'GROUP_1', 'OSDB_BACK', 2); // statuses from OSDB_SERV no longer count
    await test_.run({ type: 'create-group', name: 'QUIET_GROUP' });
    await test_.run({ type: 'rename-group', name: 'QUIET_GROUP', newName: 'RENAMED_GROUP' });
    await test_.run({ type: 'delete-resource', name: 'R4-4' });
    await test_.store.delete(keys.nodeStatus('OSDB_BACK'));
    await expectInSync(live);
    expect([...live.state.nodes.keys()]).toContain('SPARE');
    expect(live.state.resources.get('R0-0')!.possibleOwners).toContain('SPARE');
    // Every command's audit event came through, in log order, after the snapshot.
    const events = live.updates.flatMap((update) => (update.type === 'changes' ? update.events : []));
    const commands = events.filter((event) => event.kind === 'command' && event.revision > start);
    expect(commands.map((event) => event.command)).toEqual([
      'create-node', 'pause-node', 'create-group', 'create-resource', 'set-resource-properties', 'add-dependency', 'create-group', 'rename-group',
      'delete-resource',
    ]);
    expect(commands.every((event) => event.actor === 'admin' && event.result === 'ok')).toBe(true);
  });

  test('registered resource types come and go as resourceType changes', async () => {
    const live = await follow();
    const manifest: ResourceTypeManifest = {
      name: 'Fax Server',
      version: '1.0.0',
      description: 'Sends faxes',
      propertySchema: { type: 'object', properties: {} },
      controlCodes: [],
      requiredDependencies: [],
      entryPoints: { engine: 'engine.mjs', panel: 'panel.mjs' },
    };
    const before = live.updates.length;
    let revision = await test_.store.put(keys.resourceType('Fax Server'), JSON.stringify(manifest));
    await live.waitForRevision(revision);
    expect(changesFrom(live, before)).toEqual([
      { kind: 'resourceType', name: 'Fax Server', value: expect.objectContaining({ name: 'Fax Server', builtIn: false, panelUrl: expect.stringContaining('Fax%20Server') }) },
    ]);
    await expectInSync(live);
    revision = (await test_.store.delete(keys.resourceType('Fax Server'))).revision;
    await live.waitForRevision(revision);
    expect(live.updates.at(-1)).toMatchObject({ type: 'changes', changes: [{ kind: 'resourceType', name: 'Fax Server', value: null }] });
    await expectInSync(live);
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
    for (let n = 0; n < 30; n++) await report(test_.store, `R5-${n % 5}`, 'GROUP_5', 'OSDB_SERV', n % 2 ? 'Online' : 'Failed', 100 + n);
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
    server = await startLiveServer(test_.store, test_.catalog);
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

  test('the group view follows its placement: owner and epoch', async () => {
    const live = await follow();
    // Its resources let go on OSDB_SERV first (a node still holding one would own the group).
    for (let j = 0; j < 5; j++) await report(test_.store, `R8-${j}`, 'GROUP_8', 'OSDB_SERV', 'Offline', 600);
    const revision = await place(test_.store, 'GROUP_8', 'OSDB_BACK', 7);
    await live.waitForRevision(revision);
    expect(live.state.groups.get('GROUP_8')).toMatchObject({ ownerNode: 'OSDB_BACK', epoch: 7 });
    expect(live.state.resources.get('R8-0')!.ownerNode).toBe('OSDB_BACK');
    await expectInSync(live);
  });
});
