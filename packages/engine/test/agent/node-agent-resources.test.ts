import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  keys,
  type GroupConfig,
  type Placement,
  type ResourceConfig,
  type ResourceStatus,
  type ResourceTypeManifest,
} from '@wolfpack/contracts';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NodeAgent } from '../../src/agent/node-agent.ts';
import { readEvents } from '../../src/events/index.ts';
import { openEmbeddedStore } from '@wolfpack/store-embedded';
import type { ClusterStore } from '@wolfpack/store';
import { createCatalog } from '../../src/catalog/catalog.ts';
import { buildHostBundle, fixture, hostScript } from '../host/helpers.ts';
import { defaultCommon, defaultPolicy } from '../model/cluster-builder.ts';
import { FakeClock, runUntil } from '../runtime/fake-clock.ts';

/*
 * The node agent running one resource (the steady fixture type in a real resource host)
 * on the embedded store, its passes and restart times on a fake clock: what the executor
 * does with planNodeStep's actions, and what ResourceController reports.
 */

const manifest: ResourceTypeManifest = {
  name: 'Steady',
  version: '1.0.0',
  description: '',
  propertySchema: { type: 'object', properties: {} },
  controlCodes: [],
  requiredDependencies: [],
  entryPoints: { engine: 'steady.mjs' },
};
let dir: string;
let store: ClusterStore;
let clock: FakeClock;
let agent: NodeAgent;
let logs: string[];

beforeAll(() => buildHostBundle(), 60_000);
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wolfpack-node-agent-resources-'));
  store = await openEmbeddedStore({ path: join(dir, 'cluster.db') });
  clock = new FakeClock(Date.now());
  logs = [];
  await store.put(keys.node('N1'), JSON.stringify({ name: 'N1', description: '', paused: false }));
  const group: GroupConfig = { name: 'G', description: '', persistentState: 'Online', policy: defaultPolicy };
  await store.put(keys.group('G'), JSON.stringify(group));
  const resource: ResourceConfig = {
    name: 'R',
    group: 'G',
    type: 'Steady',
    description: '',
    persistentState: 'Online',
    dependencies: [],
    common: defaultCommon,
    private: { greeting: 'hello' },
  };
  await store.put(keys.resource('R'), JSON.stringify(resource));
  agent = new NodeAgent({
    store,
    node: 'N1',
    catalog: createCatalog([{ manifest, builtIn: true, enginePath: fixture('steady.mjs') }]),
    hostScript,
    dataDir: dir,
    leaseTtlMs: 8000,
    clock,
    log: (line) => logs.push(line),
  });
});
afterEach(async () => {
  await agent.stop({ graceful: false });
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function place(node: string, epoch: number): Promise<void> {
  const placement: Placement = { group: 'G', node, epoch, reason: 'initial', at: 1 };
  await store.put(keys.placement('G'), JSON.stringify(placement));
}

async function status(): Promise<ResourceStatus | undefined> {
  const kv = await store.get(keys.resourceStatus('R'));
  return kv ? (JSON.parse(kv.value) as ResourceStatus) : undefined;
}

const within = <T>(ms: number, what: string, probe: () => Promise<T | undefined | false>) =>
  runUntil(clock, ms, what, probe, {
    realMs: 10,
    explain: async () => `status ${JSON.stringify(await status())}; log: ${logs.join(' / ')}`,
  });

const online = async () => {
  const current = await status();
  return current?.state === 'Online' && current.node === 'N1' && current;
};

describe('NodeAgent running a resource', () => {
  it("brings a group placed here online under the placement's epoch, and takes it offline when placed elsewhere", async () => {
    await place('N1', 5);
    await agent.start();
    const up = await within(5000, 'R Online', online);
    expect(up).toMatchObject({
      epoch: 5,
      failures: [],
      published: [{ kind: 'dns-a', name: 'r', address: '127.0.0.84' }],
    });

    await place('N2', 6);
    await within(5000, 'R Offline', async () => (await status())?.state === 'Offline');
  });

  it("dates its state changes and their events by its clock (an administrator's reset is compared with since)", async () => {
    const started = clock.now();
    await place('N1', 5);
    await agent.start();
    const up = await within(5000, 'R Online', online);
    expect(up.since).toBeGreaterThanOrEqual(started);
    expect(up.since).toBeLessThanOrEqual(clock.now());
    const event = (await readEvents(store)).find((record) => record.object.name === 'R' && record.to === 'Online');
    expect(event?.time).toBe(up.since);
  });

  it('fails a resource on request once, deletes the request, and restarts it by its restart policy', async () => {
    await place('N1', 5);
    await agent.start();
    await within(5000, 'R Online', online);
    await store.put(keys.failureRequest('R'), JSON.stringify({ resource: 'R', requestedBy: 'olivia', at: 7 }));
    const restarted = await within(5000, 'R Online after its failure', async () => {
      const current = await online();
      return current && current.failures.length === 1 && current;
    });
    expect(restarted.epoch).toBe(5);
    expect(await store.get(keys.failureRequest('R'))).toBeUndefined();
    const reasons = (await readEvents(store)).map((record) => record.reason);
    expect(reasons).toContainEqual(
      expect.stringMatching(/^Initiate Failure by olivia; restarting \(failure 1 of 4 allowed/),
    );
  });

  it('waits while another node still holds the resource, and starts it once that node let go', async () => {
    const held: ResourceStatus = {
      name: 'R',
      group: 'G',
      node: 'N2',
      epoch: 4,
      state: 'Online',
      since: 1,
      failures: [],
    };
    await store.put(keys.resourceStatus('R'), JSON.stringify(held));
    await place('N1', 5);
    await agent.start();
    await clock.advance(1000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await status()).toMatchObject({ node: 'N2', state: 'Online' });

    await store.put(keys.resourceStatus('R'), JSON.stringify({ ...held, state: 'Offline' }));
    expect(await within(5000, 'R Online on N1', online)).toMatchObject({ epoch: 5 });
  });
});
