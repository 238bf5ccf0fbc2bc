import { pathToFileURL } from 'node:url';
import type { ResourceTypeManifest, ResourceTypeModule } from '@wolfpack/contracts';

/** One resource type the cluster knows: its manifest and where its engine module is. */
export interface ResourceTypeEntry {
  manifest: ResourceTypeManifest;
  builtIn: boolean;
  /** Absolute file path of the bundled engine module (an ES module). */
  enginePath: string;
}

/** The resource types a process can use, by name. */
export interface ResourceTypeCatalog {
  get(name: string): ResourceTypeEntry | undefined;
  list(): ResourceTypeEntry[];
  /** The engine module, imported once and cached. */
  load(name: string): Promise<ResourceTypeModule>;
  /** For types whose module must first be fetched (registered types): its file path. */
  materialize?(name: string): Promise<string>;
  /** For catalogs that take registered types: import a candidate engine module, throwing why it cannot run. */
  admit?(name: string, version: string, engineModule: string): Promise<void>;
  /** For catalogs that take registered types: remove module files no registration names any more. */
  prune?(): string[];
}

/** A catalog over a fixed list of entries (built-ins, plus registered types when the server lands). */
export function createCatalog(entries: ResourceTypeEntry[]): ResourceTypeCatalog {
  const byName = new Map(entries.map((entry) => [entry.manifest.name, entry]));
  const loaded = new Map<string, Promise<ResourceTypeModule>>();
  return {
    get: (name) => byName.get(name),
    list: () => [...byName.values()],
    load(name) {
      const entry = byName.get(name);
      if (!entry) return Promise.reject(new Error(`unknown resource type "${name}"`));
      let module = loaded.get(name);
      if (!module) {
        module = import(pathToFileURL(entry.enginePath).href).then((imported: { default?: ResourceTypeModule } & ResourceTypeModule) => imported.default ?? imported);
        loaded.set(name, module);
      }
      return module;
    },
  };
}
