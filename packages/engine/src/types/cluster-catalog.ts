import { keys, type ResourceTypeModule } from '@wolfpack/contracts';
import type { ClusterState } from '../model/cluster-state.ts';
import type { ClusterStore } from '../store/cluster-store.ts';
import type { ResourceTypeCatalog, ResourceTypeEntry } from './catalog.ts';
import { engineFileOf, holdsModule, importEngineModule, pruneModuleFiles, sha256Of, writeModuleFile } from './module-files.ts';

export interface ClusterCatalogOptions {
  /** The types shipped with Wolfpack. */
  builtIns: ResourceTypeEntry[];
  store: ClusterStore;
  /** The live cluster state: registered types are its `resourceTypes`. */
  state: () => ClusterState;
  /** Where this process writes registered types' module files (module-files.ts names them). */
  moduleDir: string;
}

/** A catalog that also knows the types an administrator registered in the store. */
export interface ClusterCatalog extends ResourceTypeCatalog {
  /** Make sure the type's engine module is a file here with the registered hash; returns its path. */
  materialize(name: string): Promise<string>;
  /** Imports a candidate engine module the way `load` would, throwing why it cannot run. */
  admit(name: string, version: string, engineModule: string): Promise<void>;
  /** Removes the module files of types (and versions) no longer registered; returns what it removed. */
  prune(): string[];
}

const admitTimeoutMs = 10_000;

/**
 * Built-in types plus registered ones. A registered type's engine module lives in the
 * store (so every node can run it); each process writes it to a file named by its hash
 * and checks the file against the hash before anything imports it.
 */
export function createClusterCatalog(options: ClusterCatalogOptions): ClusterCatalog {
  const builtIns = new Map(options.builtIns.map((entry) => [entry.manifest.name, entry]));
  /** Imports by file path: a path names one content, so a cached import is never stale. */
  const loaded = new Map<string, Promise<ResourceTypeModule>>();

  const get = (name: string): ResourceTypeEntry | undefined => {
    const builtIn = builtIns.get(name);
    if (builtIn) return builtIn;
    const record = options.state().resourceTypes.get(name);
    if (!record) return undefined;
    // Before materialize has read a record without hashes, its path is not known yet.
    const enginePath = engineFileOf(options.moduleDir, name, record.version, record.sha256?.engine ?? 'unverified');
    return { manifest: record, builtIn: false, enginePath };
  };

  const materialize = async (name: string): Promise<string> => {
    const builtIn = builtIns.get(name);
    if (builtIn) return builtIn.enginePath;
    const record = options.state().resourceTypes.get(name);
    if (!record) throw new Error(`unknown resource type "${name}"`);
    const expected = record.sha256?.engine;
    if (expected && holdsModule(engineFileOf(options.moduleDir, name, record.version, expected), expected)) {
      return engineFileOf(options.moduleDir, name, record.version, expected);
    }
    const stored = await options.store.get(keys.typeModule(name, record.version, 'engine.mjs'));
    if (!stored) throw new Error(`resource type "${name}" ${record.version} has no engine module in the cluster store`);
    const actual = sha256Of(stored.value);
    // The module changed under a record this process has not seen change yet: never run it.
    if (expected && actual !== expected) {
      throw new Error(`resource type "${name}" ${record.version}: the engine module in the cluster store has sha256 ${actual}, not the registered ${expected}`);
    }
    const path = engineFileOf(options.moduleDir, name, record.version, actual);
    writeModuleFile(path, stored.value);
    if (!holdsModule(path, actual)) throw new Error(`resource type "${name}" ${record.version}: ${path} does not hold the module written (sha256 mismatch)`);
    return path;
  };

  const importOnce = (path: string): Promise<ResourceTypeModule> => {
    let module = loaded.get(path);
    if (!module) {
      module = importEngineModule(path);
      module.catch(() => loaded.delete(path));
      loaded.set(path, module);
    }
    return module;
  };

  return {
    get,
    list: () => [...builtIns.values(), ...[...options.state().resourceTypes.keys()].filter((n) => !builtIns.has(n)).map((n) => get(n)!)],
    materialize,
    async admit(name, version, engineModule) {
      const path = engineFileOf(options.moduleDir, name, version, sha256Of(engineModule));
      if (!holdsModule(path, sha256Of(engineModule))) writeModuleFile(path, engineModule);
      // A module whose top-level code never finishes would hold the registration forever.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`importing it did not finish within ${admitTimeoutMs / 1000} s`)), admitTimeoutMs);
      });
      try {
        await Promise.race([importOnce(path), late]);
      } finally {
        clearTimeout(timer);
      }
    },
    prune: () => pruneModuleFiles(options.moduleDir, options.state().resourceTypes),
    load(name) {
      if (!get(name)) return Promise.reject(new Error(`unknown resource type "${name}"`));
      return materialize(name).then(importOnce);
    },
  };
}
