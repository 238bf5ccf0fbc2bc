import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { keys, type ResourceTypeRecord } from '@wolfpack/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadClusterState, type ClusterState } from '../../src/model/cluster-state.ts';
import type { ClusterStore } from '@wolfpack/store';
import { openEmbeddedStore } from '@wolfpack/store-embedded';
import { createClusterCatalog, type ClusterCatalog } from '../../src/catalog/cluster-catalog.ts';
import { engineFileOf, sha256Of } from '../../src/catalog/module-files.ts';

// A registered type's engine module as a process materializes it: by content hash,
// checked before import, and removed once no record names it. A real embedded store.

// validate() answers with the label, so a test sees which bytes the child imported.
const moduleText = (label: string) =>
  `export default { validate() { return [{ path: 'private.Label', message: ${JSON.stringify(label)} }]; }, create() { return {}; } };\n`;
const validationContext = { resource: 'R', group: 'G', providers: [] };
const record = (version: string, text: string): ResourceTypeRecord => ({
  name: 'Label Type',
  version,
  description: 'test',
  propertySchema: { type: 'object', properties: {} },
  controlCodes: [],
  requiredDependencies: [],
  entryPoints: { engine: 'engine.mjs' },
  sha256: { engine: sha256Of(text) },
});

describe("the cluster catalog's registered modules", () => {
  let dir: string;
  let store: ClusterStore;
  let state: ClusterState;
  let catalog: ClusterCatalog;
  const moduleDir = () => join(dir, 'types');

  /** Stores a record and its module as the server does, and follows the state. */
  async function register(version: string, text: string, storedText = text): Promise<void> {
    await store.txn({
      compare: [],
      success: [
        { op: 'put', key: keys.typeModule('Label Type', version, 'engine.mjs'), value: storedText },
        { op: 'put', key: keys.resourceType('Label Type'), value: JSON.stringify(record(version, text)) },
      ],
    });
    state = await loadClusterState(store);
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wolfpack-catalog-'));
    store = await openEmbeddedStore({ path: join(dir, 'cluster.db') });
    catalog = createClusterCatalog({ builtIns: [], store, state: () => state, moduleDir: moduleDir() });
  });

  afterEach(async () => {
    catalog.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the module under its hash, and rewrites a file there whose bytes do not match', async () => {
    await register('1.0.0', moduleText('second'));
    const path = engineFileOf(moduleDir(), 'Label Type', '1.0.0', sha256Of(moduleText('second')));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, moduleText('first'));
    expect(await catalog.materialize('Label Type')).toBe(path);
    expect(readFileSync(path, 'utf8')).toBe(moduleText('second'));
    expect(await catalog.validate('Label Type', {}, validationContext)).toEqual([
      { path: 'private.Label', message: 'second' },
    ]);
  });

  it("never runs a store text whose hash is not the record's", async () => {
    await register('1.0.0', moduleText('registered'), moduleText('swapped'));
    await expect(catalog.materialize('Label Type')).rejects.toThrow(
      /the engine module in the cluster store has sha256 \w+, not the registered \w+/,
    );
    await expect(catalog.validate('Label Type', {}, validationContext)).rejects.toThrow(/not the registered/);
  });

  it('prunes the files of replaced versions and of unregistered types', async () => {
    await register('1.0.0', moduleText('one'));
    const first = await catalog.materialize('Label Type');
    await register('1.1.0', moduleText('two'));
    const second = await catalog.materialize('Label Type');
    expect(catalog.prune()).toEqual([dirname(first)]);
    expect(existsSync(second)).toBe(true);
    await store.delete(keys.resourceType('Label Type'));
    state = await loadClusterState(store);
    expect(catalog.prune()).toEqual([dirname(dirname(second))]);
    expect(existsSync(moduleDir())).toBe(true);
    expect(existsSync(dirname(dirname(second)))).toBe(false);
  });

  it('admits a module that imports, and says why one does not', async () => {
    await expect(catalog.admit('Label Type', '2.0.0', moduleText('fine'))).resolves.toBeUndefined();
    await expect(catalog.admit('Label Type', '2.0.0', 'throw new Error("broken at load");')).rejects.toThrow(
      'broken at load',
    );
    await expect(catalog.admit('Label Type', '2.0.0', 'export const x = 1;')).rejects.toThrow(
      'exports no create() function',
    );
  });
});
