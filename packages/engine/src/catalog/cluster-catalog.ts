import { keys } from '@wolfpack/contracts';
import type { ClusterState } from '../model/cluster-state.ts';
import type { ClusterStore } from '@wolfpack/store';
import { createCatalog, type ResourceTypeCatalog, type ResourceTypeEntry } from './catalog.ts';
import { IsolatedModule, type IsolatedModuleOptions } from './isolated-module.ts';
import { engineFileOf, holdsModule, pruneModuleFiles, sha256Of, writeModuleFile } from './module-files.ts';

export interface ClusterCatalogOptions {
  /** The types shipped with Wolfpack. */
  builtIns: ResourceTypeEntry[];
  store: ClusterStore;
  /** The live cluster state: registered types are its `resourceTypes`. */
  state: () => ClusterState;
  /** Where this process writes registered types' module files (module-files.ts names them). */
  moduleDir: string;
  /** Limits of the child processes that import registered modules and run their validate(). */
  isolation?: IsolatedModuleOptions;
}

/** A catalog that also knows the types an administrator registered in the store. */
export interface ClusterCatalog extends ResourceTypeCatalog {
  /** Make sure the type's engine module is a file here with the registered hash; returns its path. */
  materialize(name: string): Promise<string>;
  /** Imports a candidate engine module in a child process, throwing why it cannot run. */
  admit(name: string, version: string, engineModule: string): Promise<void>;
  /** Removes the module files of types (and versions) no longer registered; returns what it removed. */
  prune(): string[];
  close(): void;
}

/**
 * Built-in types plus registered ones. A registered type's engine module lives in the
 * store (so every node can run it); each process writes it to a file named by its hash
 * and checks the file against the hash before anything imports it. This process never
 * imports it: its import check and validate() run in a child process per file.
 */
export function createClusterCatalog(options: ClusterCatalogOptions): ClusterCatalog {
  const builtIns = new Map(options.builtIns.map((entry) => [entry.manifest.name, entry]));
  const trusted = createCatalog(options.builtIns);
  /** By file path: a path names one content, so a child that imported it is never stale. */
  const isolated = new Map<string, IsolatedModule>();

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
      throw new Error(
        `resource type "${name}" ${record.version}: the engine module in the cluster store has sha256 ${actual}, not the registered ${expected}`,
      );
    }
    const path = engineFileOf(options.moduleDir, name, record.version, actual);
    writeModuleFile(path, stored.value);
    if (!holdsModule(path, actual))
      throw new Error(
        `resource type "${name}" ${record.version}: ${path} does not hold the module written (sha256 mismatch)`,
      );
    return path;
  };

  const isolatedAt = (path: string): IsolatedModule => {
    let module = isolated.get(path);
    if (!module) {
      module = new IsolatedModule(path, options.isolation);
      isolated.set(path, module);
    }
    return module;
  };

  return {
    get,
    list: () => [
      ...builtIns.values(),
      ...[...options.state().resourceTypes.keys()].filter((n) => !builtIns.has(n)).map((n) => get(n)!),
    ],
    materialize,
    async admit(name, version, engineModule) {
      const path = engineFileOf(options.moduleDir, name, version, sha256Of(engineModule));
      if (!holdsModule(path, sha256Of(engineModule))) writeModuleFile(path, engineModule);
      // The child's time limit covers top-level code that never finishes.
      await isolatedAt(path).inspect();
    },
    prune() {
      const removed = pruneModuleFiles(options.moduleDir, options.state().resourceTypes);
      for (const [path, module] of isolated) {
        if (!removed.some((folder) => path.startsWith(`${folder}/`))) continue;
        module.close();
        isolated.delete(path);
      }
      return removed;
    },
    async validate(name, properties, context) {
      if (builtIns.has(name)) return trusted.validate(name, properties, context);
      if (!get(name)) throw new Error(`unknown resource type "${name}"`);
      return isolatedAt(await materialize(name)).validate(properties, context);
    },
    close() {
      for (const module of isolated.values()) module.close();
      isolated.clear();
    },
  };
}
