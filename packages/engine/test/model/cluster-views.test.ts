import { ClusterSnapshot, type ResourceTypeManifest } from '@wolfpack/contracts';
import { describe, expect, test } from 'vitest';
import { clusterSnapshot, groupView, nodeView, resourceTypeView, resourceView } from '../../src/model/cluster-views.ts';
import { createCatalog } from '../../src/catalog/catalog.ts';
import { validateAgainst } from '../../src/validation/index.ts';
import { cluster } from './cluster-builder.ts';

const manifest = (name: string, extra: Partial<ResourceTypeManifest> = {}): ResourceTypeManifest => ({
  name,
  version: '1.0.0',
  description: `${name} type`,
  propertySchema: { type: 'object', properties: {} },
  controlCodes: [],
  requiredDependencies: [],
  entryPoints: { engine: 'dist/engine.mjs' },
  ...extra,
});

const catalog = createCatalog([
  { manifest: manifest('IP Address'), builtIn: true, enginePath: '/nowhere/ip.mjs' },
  {
    manifest: manifest('Chat Server', {
      requiredDependencies: ['IP Address'],
      entryPoints: { engine: 'e.mjs', panel: 'p.mjs' },
    }),
    builtIn: true,
    enginePath: '/nowhere/chat.mjs',
  },
]);

function paperCluster() {
  const builder = cluster(42)
    .node('OSDB_SERV')
    .node('OSDB_BACK', { state: 'Paused' })
    .node('SPARE', { state: 'Down' })
    .group('SOCKET_GROUP', { preferredOwners: ['OSDB_SERV', 'OSDB_BACK'] })
    .resource('Chat IP', 'SOCKET_GROUP', { type: 'IP Address' })
    .resource('Chat', 'SOCKET_GROUP', { type: 'Chat Server', dependencies: ['Chat IP'], possibleOwners: ['OSDB_SERV'] })
    .place('SOCKET_GROUP', 'OSDB_SERV', 3)
    .status('Chat IP', { node: 'OSDB_SERV', state: 'Online', since: 500 })
    .status('Chat', { node: 'OSDB_SERV', state: 'Failed', since: 600, reason: 'process exited with code 1' });
  builder.state.resourceTypes.set(
    'Fax Server',
    manifest('Fax Server', { entryPoints: { engine: 'e.mjs', panel: 'panel.mjs' } }),
  );
  builder.state.config = {
    name: 'INS_CLUS',
    description: '',
    nodeLeaseTtlMs: 1000,
    dnsAddress: '127.0.0.1',
    dnsPort: 5354,
    createdAt: 0,
  };
  return builder.build();
}

describe('views', () => {
  test('nodes: derived state, agent details while it runs', () => {
    const state = paperCluster();
    expect(nodeView(state, 'OSDB_SERV')).toEqual({
      name: 'OSDB_SERV',
      description: '',
      state: 'Up',
      paused: false,
      pid: 1000,
      hostname: 'localhost',
      upSince: 0,
      leaseTtlMs: 1000,
    });
    expect(nodeView(state, 'OSDB_BACK')).toMatchObject({ state: 'Paused', paused: true });
    expect(nodeView(state, 'SPARE')).toEqual({ name: 'SPARE', description: '', state: 'Down', paused: false });
    expect(nodeView(state, 'NOPE')).toBeUndefined();
  });

  test('groups: owner, epoch, derived state, resources', () => {
    expect(groupView(paperCluster(), 'SOCKET_GROUP')).toMatchObject({
      state: 'Failed',
      ownerNode: 'OSDB_SERV',
      epoch: 3,
      persistentState: 'Online',
      preferredOwners: ['OSDB_SERV', 'OSDB_BACK'],
      resources: ['Chat', 'Chat IP'],
    });
  });

  test('resources: possible owners default to every node; status since and reason', () => {
    const state = paperCluster();
    expect(resourceView(state, 'Chat IP', catalog)).toMatchObject({
      state: 'Online',
      ownerNode: 'OSDB_SERV',
      possibleOwners: ['OSDB_BACK', 'OSDB_SERV', 'SPARE'],
      since: 500,
    });
    expect(resourceView(state, 'Chat', catalog)).toMatchObject({
      state: 'Failed',
      possibleOwners: ['OSDB_SERV'],
      dependencies: ['Chat IP'],
      since: 600,
      reason: 'process exited with code 1',
      commonProperties: { restartAction: 'RestartAndFailover' },
    });
  });

  test("a status left by a previous owner does not tell the resource's story", () => {
    const state = paperCluster();
    state.placements.set('SOCKET_GROUP', { group: 'SOCKET_GROUP', node: 'OSDB_BACK', epoch: 4, reason: 'move', at: 1 });
    const view = resourceView(state, 'Chat', catalog)!;
    expect(view.state).toBe('Offline');
    expect(view.since).toBeUndefined();
    expect(view.reason).toBeUndefined();
  });

  test('a writeOnly private property is never in a view: only whether it is set', () => {
    const state = paperCluster();
    state.resourceTypes.set(
      'Vault',
      manifest('Vault', {
        propertySchema: {
          type: 'object',
          properties: {
            Secret: { type: 'string', default: '', writeOnly: true },
            Token: { type: 'string', writeOnly: true },
            Label: { type: 'string' },
          },
        },
      }),
    );
    state.resources.set('Safe', {
      ...state.resources.get('Chat IP')!,
      name: 'Safe',
      type: 'Vault',
      private: { Secret: 'hunter2', Label: 'shown' },
    });
    const view = resourceView(state, 'Safe', catalog)!;
    expect(view.privateProperties).toEqual({ Label: 'shown' });
    expect(view.writeOnlySet).toEqual(['Secret']);
    expect(JSON.stringify(clusterSnapshot(state, catalog))).not.toContain('hunter2');
    state.resources.set('Safe', {
      ...state.resources.get('Safe')!,
      private: { Secret: '', Token: 't0ken', Label: 'shown' },
    });
    expect(resourceView(state, 'Safe', catalog)).toMatchObject({
      privateProperties: { Label: 'shown' },
      writeOnlySet: ['Token'],
    });
  });

  test("resource types: the catalog's and the registered ones", () => {
    const state = paperCluster();
    expect(resourceTypeView(state, catalog, 'Chat Server')).toMatchObject({
      builtIn: true,
      requiredDependencies: ['IP Address'],
      panelUrl: '/api/v1/resource-types/Chat%20Server/1.0.0/panel.mjs',
    });
    expect(
      resourceTypeView(state, catalog, 'Fax Server', { panelUrl: (type) => `/panels/${type.name}` }),
    ).toMatchObject({ builtIn: false, panelUrl: '/panels/Fax Server' });
    expect(resourceTypeView(state, catalog, 'IP Address')!.panelUrl).toBeUndefined();
  });

  test("the snapshot: every list in name order, at the state's revision", () => {
    const snapshot = clusterSnapshot(paperCluster(), catalog);
    expect(snapshot.name).toBe('INS_CLUS');
    expect(snapshot.revision).toBe(42);
    expect(snapshot.nodes.map((node) => node.name)).toEqual(['OSDB_BACK', 'OSDB_SERV', 'SPARE']);
    expect(snapshot.resources.map((resource) => resource.name)).toEqual(['Chat', 'Chat IP']);
    expect(snapshot.resourceTypes.map((type) => [type.name, type.builtIn])).toEqual([
      ['Chat Server', true],
      ['Fax Server', false],
      ['IP Address', true],
    ]);
    expect(validateAgainst(ClusterSnapshot, snapshot)).toEqual([]);
  });
});
