import { mkdirSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { keys, type ResourceTypeModule } from '@wolfpack/contracts';
import type { ClusterState } from '../model/cluster-state.ts';
import type { ClusterStore } from '../store/cluster-store.ts';
import type { ResourceTypeCatalog, ResourceTypeEntry } from './catalog.ts';

export interface ClusterCatalogOptions {
  /** The types shipped with Wolfpack. */
  builtIns: ResourceTypeEntry[];
  store: ClusterStore;
  /** The live cluster state: registered types are its `resourceTypes`. */
  state: () => ClusterState;
  /** Where this process writes registered types' module files (one folder per name@version). */
  moduleDir: string;
}

/** A catalog that also knows the types an administrator registered in the store. */
export interface ClusterCatalog extends ResourceTypeCatalog {
  /** Make sure the type's engine module is a file here; returns its path. */
  materialize(name: string): Promise<string>;
}

/**
 * Built-in types plus registered ones. A registered type's engine module lives in the
 * store (so every node can run it); each process writes it to a versioned file before
 * its resource host imports it. Versions are immutable, so a file once written is final.
 */
export function createClusterCatalog(options: ClusterCatalogOptions): ClusterCatalog {
  const builtIns = new Map(options.builtIns.map((entry) => [entry.manifest.name, entry]));
  const loaded = new Map<string, Promise<ResourceTypeModule>>();
  const pathOf = (name: string, version: string) => join(options.moduleDir, `${encodeURIComponent(name)}@${version}`, 'engine.mjs');

  const get = (name: string): ResourceTypeEntry | undefined => {
    const builtIn = builtIns.get(name);
    if (builtIn) return builtIn;
    const manifest = options.state().resourceTypes.get(name);
    return manifest ? { manifest, builtIn: false, enginePath: pathOf(name, manifest.version) } : undefined;
  };

  const materialize = async (name: string): Promise<string> => {
    const entry = get(name);
    if (!entry) throw new Error(`unknown resource type "${name}"`);
    if (entry.builtIn || existsSync(entry.enginePath)) return entry.enginePath;
    const record = await options.store.get(keys.typeModule(name, entry.manifest.version, 'engine.mjs'));
    if (!record) throw new Error(`resource type "${name}" ${entry.manifest.version} has no engine module in the cluster store`);
    mkdirSync(dirname(entry.enginePath), { recursive: true });
    const temporary = `${entry.enginePath}.${process.pid}.tmp`;
    writeFileSync(temporary, record.value);
    renameSync(temporary, entry.enginePath);
    return entry.enginePath;
  };

  return {
    get,
    list: () => [...builtIns.values(), ...[...options.state().resourceTypes.keys()].filter((n) => !builtIns.has(n)).map((n) => get(n)!)],
    materialize,
    load(name) {
      const entry = get(name);
      if (!entry) return Promise.reject(new Error(`unknown resource type "${name}"`));
      const cacheKey = `${name}@${entry.manifest.version}`;
      let module = loaded.get(cacheKey);
      if (!module) {
        module = materialize(name)
          .then((path) => import(pathToFileURL(path).href))
          .then((imported: { default?: ResourceTypeModule } & ResourceTypeModule) => imported.default ?? imported);
        module.catch(() => loaded.delete(cacheKey));
        loaded.set(cacheKey, module);
      }
      return module;
    },
  };
}
