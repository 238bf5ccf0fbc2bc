import { createClient, type LiveFeed, type LiveUpdate, type WolfpackClient } from '@wolfpack/client';
import { refusal } from '@wolfpack/client/testing';
import {
  keys,
  resourceApiEnvironment,
  type ApiServerRecord,
  type ErrorBody,
  type ResourceApiAccess,
} from '@wolfpack/contracts';
import { readEvents, ResourceCredentials } from '@wolfpack/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advertiseApiServer, type ApiServerAdvertisement } from '../src/users/index.ts';
import { apiPath } from './harness/calls.ts';
import { openStoreDir, startServer, type RunningServer, type StoreDir } from './harness/in-process.ts';

// A resource's own token (WOLFPACK_TOKEN), issued here by the engine's ResourceCredentials
// under a lease of the test's own, as a node agent issues it when it brings the resource
// online; the server built in this process answers it. One describe per rule of its scope.
const adminPassword = 'admin password 1';
const group = 'APP_GROUP';
const own = 'Own App';
const other = 'Other App';
const application = (maxUser: number) => ({
  resourceType: 'Generic Application',
  group,
  private: { CommandLine: 'sleep 1000', Environment: { MaxUser: String(maxUser) } },
});

let storeDir: StoreDir;
let server: RunningServer;
let admin: WolfpackClient;
let advertisement: ApiServerAdvertisement;
let credentials: ResourceCredentials;
let lease: number;
const feeds: LiveFeed[] = [];

/** A token for `resource`, as the node bringing it online gives it to the resource's processes. */
async function issue(resource: string): Promise<ResourceApiAccess> {
  const access = await credentials.issue(resource, 7);
  if (!access) throw new Error('no access issued: the server did not advertise itself');
  return access;
}

const asResource = (access: ResourceApiAccess) => createClient({ url: access.url, token: access.token });

beforeAll(async () => {
  storeDir = await openStoreDir(adminPassword);
  // Counted refusals are written every half second here, not every minute.
  server = await startServer(storeDir, { liveBatchWindowMs: 5, refusalWindowMs: 500 });
  advertisement = await advertiseApiServer(storeDir.store, server.url);
  admin = await server.signIn('admin', adminPassword);
  await admin.groups.create({ name: group });
  await admin.resources.create({ name: own, ...application(10) });
  await admin.resources.create({ name: other, ...application(3) });
  lease = (await storeDir.store.grantLease(60_000)).id;
  credentials = new ResourceCredentials({ store: storeDir.store, node: 'NODE_A', lease: () => lease, log: () => {} });
});

afterAll(async () => {
  for (const feed of feeds) feed.close();
  await advertisement?.stop();
  await server?.close();
  await storeDir?.remove();
});

describe('the address a resource is given', () => {
  it("is the advertised server URL, and the store keeps only the secret's hash, bound to the node's lease", async () => {
    const access = await issue(own);
    expect(access.url).toBe(server.url);
    expect(access.token).toMatch(/^wpr_[A-Za-z0-9_-]{43}$/);
    const stored = (await storeDir.store.range(keys.resourceCredentials)).kvs;
    expect(stored).toHaveLength(1);
    expect(stored[0]!.lease).toBe(lease);
    expect(stored[0]!.value).not.toContain(access.token.slice(4));
    expect(JSON.parse(stored[0]!.value)).toMatchObject({ resource: own, node: 'NODE_A', epoch: 7 });
    expect(resourceApiEnvironment).toEqual({ url: 'WOLFPACK_URL', token: 'WOLFPACK_TOKEN' });
  });

  it('goes from the store when the server stops advertising it', async () => {
    const second = await advertiseApiServer(storeDir.store, 'http://127.0.0.1:9', () => {}, Date.now() + 1);
    const urls = async () =>
      (await storeDir.store.range(keys.apiServers)).kvs.map((kv) => (JSON.parse(kv.value) as ApiServerRecord).url);
    expect(await urls()).toContain('http://127.0.0.1:9');
    await second.stop();
    expect(await urls()).toEqual([server.url]);
  });
});

describe('rule 1: a resource token reads its own resource, private properties included', () => {
  it('GET /resources/<own> answers its view with the private properties', async () => {
    const access = await issue(own);
    const view = await asResource(access).resources.get(own);
    expect(view).toMatchObject({ name: own, group, type: 'Generic Application' });
    expect(view.privateProperties).toMatchObject({ CommandLine: 'sleep 1000', Environment: { MaxUser: '10' } });
  });
});

describe('rule 2: it may not read any other resource', () => {
  it('GET /resources/<other> is 403 naming the rule', async () => {
    const error = await refusal(asResource(await issue(own)).resources.get(other));
    expect(error.status).toBe(403);
    expect(error.code).toBe('forbidden');
    expect(error.message).toBe(
      `the token of resource ${own} may only read its own resource (GET /api/v1/resources/Own%20App) and follow its changes on /live, not resource ${other}`,
    );
  });
});

describe('rule 3: it may do nothing else, not even read', () => {
  it('reads of the cluster, lists, its group and node, and every change are 403 naming the rule; nothing changes', async () => {
    const resource = asResource(await issue(own));
    const calls: [string, () => Promise<unknown>][] = [
      ['GET /api/v1/cluster', () => resource.cluster.get()],
      ['GET /api/v1/resources', () => resource.resources.list()],
      ['GET /api/v1/groups/:name', () => resource.groups.get(group)],
      ['GET /api/v1/session', () => resource.session.get()],
      [
        'PATCH /api/v1/resources/:name/properties',
        () => resource.resources.setProperties(own, { private: { CommandLine: 'sleep 1' } }),
      ],
      ['POST /api/v1/resources/:name/offline', () => resource.resources.offline(own)],
      ['POST /api/v1/groups/:name/move', () => resource.groups.move(group, {})],
      ['POST /api/v1/tokens', () => resource.tokens.create({ name: 'escalate' })],
    ];
    for (const [route, call] of calls) {
      const error = await refusal(call());
      expect(error.status, route).toBe(403);
      expect(error.message, route).toBe(
        `the token of resource ${own} may only read its own resource (GET /api/v1/resources/Own%20App) and follow its changes on /live, not ${route}`,
      );
    }
    expect((await admin.resources.get(own)).privateProperties).toMatchObject({ CommandLine: 'sleep 1000' });
    expect(await admin.tokens.list()).toEqual([]);
  });

  it("a refused change is in the audit log under the resource's name", async () => {
    const since = (await storeDir.store.revision()) + 1;
    await refusal(asResource(await issue(own)).resources.offline(own));
    // Written at once if it is the resource's first refusal of the window, else counted
    // with the window's others (rule 3 refused it a moment ago) and written when it ends.
    const audited = async () =>
      (await readEvents(storeDir.store, { since })).filter(
        (event) =>
          event.actor === `resource ${own}` &&
          event.result === 'refused' &&
          (event.command === 'take-resource-offline' || / take-resource-offline ×\d+/.test(event.message)),
      );
    await expect.poll(audited, { timeout: 5000 }).toHaveLength(1);
  });
});

describe('rule 4: revoked means refused (401)', () => {
  it('once its credential is deleted (offline) the token is 401; a new online gives a new token', async () => {
    const first = await issue(own);
    expect((await asResource(first).resources.get(own)).name).toBe(own);
    await credentials.revoke(own);
    const error = await refusal(asResource(first).resources.get(own));
    expect(error.status).toBe(401);
    const second = await issue(own);
    expect(second.token).not.toBe(first.token);
    expect((await asResource(second).resources.get(own)).name).toBe(own);
    // Issuing again (a restart, a move back) retires the one before.
    await issue(own);
    expect((await refusal(asResource(second).resources.get(own))).status).toBe(401);
  });

  it("when the node's lease ends, its resources' tokens end with it", async () => {
    const nodeLease = (await storeDir.store.grantLease(60_000)).id;
    const node = new ResourceCredentials({
      store: storeDir.store,
      node: 'NODE_B',
      lease: () => nodeLease,
      log: () => {},
    });
    const access = await node.issue(other, 3);
    expect((await asResource(access!).resources.get(other)).name).toBe(other);
    await storeDir.store.revokeLease(nodeLease);
    expect((await refusal(asResource(access!).resources.get(other))).status).toBe(401);
  });

  it('a malformed or unknown resource token is 401, like an unknown user token', async () => {
    const anonymous = createClient({ url: server.url, token: 'wpr_not-a-token' });
    expect((await refusal(anonymous.resources.get(own))).status).toBe(401);
    const unknown = createClient({ url: server.url, token: `wpr_${'A'.repeat(43)}` });
    const reply = await unknown.raw<ErrorBody>('GET', apiPath`/resources/${own}`);
    expect(reply.status).toBe(401);
  });
});

describe('rule 5: on /live it follows its own resource only, until revoked', () => {
  it('the snapshot and every batch hold its own resource and its events only', async () => {
    const feed = await asResource(await issue(own)).live();
    feeds.push(feed);
    const updates: LiveUpdate[] = [];
    feed.subscribe((update) => updates.push(update));
    const state = await feed.ready(10_000);
    expect([...state.resources.keys()]).toEqual([own]);
    expect(state.groups.size + state.nodes.size + state.resourceTypes.size).toBe(0);
    expect(state.resources.get(own)?.privateProperties).toMatchObject({ Environment: { MaxUser: '10' } });

    await admin.resources.setProperties(other, { private: { Environment: { MaxUser: '4' } } });
    await admin.groups.update(group, { description: 'changed while the resource watches' });
    await admin.resources.setProperties(own, { private: { Environment: { MaxUser: '9' } } });
    await feed.until(
      (current) =>
        current.resources.get(own)?.privateProperties.Environment !== undefined &&
        (current.resources.get(own)!.privateProperties.Environment as { MaxUser: string }).MaxUser === '9',
      10_000,
    );
    // One transaction that changes its own resource, another and the group (renaming a
    // provider renames it in its dependents): one batch, of which only its own part comes.
    await admin.resources.create({ name: 'Provider', ...application(1) });
    await admin.resources.addDependency(own, 'Provider');
    await admin.resources.rename('Provider', { newName: 'Renamed Provider' });
    await feed.until(
      (current) => current.resources.get(own)?.dependencies.includes('Renamed Provider') === true,
      10_000,
    );
    const seen = updates.flatMap((update) => (update.type === 'changes' ? update.changes : []));
    expect(seen.length).toBeGreaterThan(0);
    for (const change of seen) {
      if (change.kind === 'event') expect(change.value.object).toEqual({ kind: 'resource', name: own });
      else expect(change).toMatchObject({ kind: 'resource', name: own });
    }
    expect([...feed.state.resources.keys()]).toEqual([own]);
    expect(feed.state.groups.size).toBe(0);
  });

  it("a revoked token's connection is closed and its loop ends with the 401", async () => {
    const feed = await asResource(await issue(own)).live();
    feeds.push(feed);
    await feed.ready(10_000);
    const loop = (async () => {
      for await (const _update of feed) {
        // Following until the stream ends.
      }
    })();
    const started = Date.now();
    await credentials.revoke(own);
    const stillOpen = new Promise((resolve) =>
      setTimeout(() => resolve('still following 15 s after the revocation'), 15_000),
    );
    const ended = await Promise.race([
      loop.then(
        () => 'ended without a reason',
        (error: unknown) => error,
      ),
      stillOpen,
    ]);
    expect(ended).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("a user token's feed still sees the whole cluster", async () => {
    const { token } = await admin.tokens.create({ name: 'viewer of everything' });
    const feed = await createClient({ url: server.url, token }).live();
    feeds.push(feed);
    const state = await feed.ready(10_000);
    expect([...state.resources.keys()].sort()).toEqual([other, own, 'Renamed Provider'].sort());
    expect(state.groups.has(group)).toBe(true);
  });
});
