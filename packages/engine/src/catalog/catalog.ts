import { pathToFileURL } from 'node:url';
import type { FieldError, ResourceTypeManifest, ResourceTypeModule, ValidationContext } from '@wolfpack/contracts';

/** One resource type the cluster knows: its manifest and where its engine module is. */
export interface ResourceTypeEntry {
  manifest: ResourceTypeManifest;
  builtIn: boolean;
  /** Absolute file path of the bundled engine module (an ES module). */
  enginePath: string;
}

/**
 * The resource types a process can use, by name. It never hands out a registered type's
 * module: that code runs in resource hosts and, for validate(), in a child process of
 * its own (isolated-module.ts), so the API server never imports it.
 */
export interface ResourceTypeCatalog {
  get(name: string): ResourceTypeEntry | undefined;
  list(): ResourceTypeEntry[];
  /** The type module's validate() errors for these properties ([] when it has none). */
  validate(name: string, properties: Record<string, unknown>, context: ValidationContext): Promise<FieldError[]>;
  /** For types whose module must first be fetched (registered types): its file path. */
  materialize?(name: string): Promise<string>;
  /** For catalogs that take registered types: import a candidate engine module (isolated), throwing why it cannot run. */
  admit?(name: string, version: string, engineModule: string): Promise<void>;
  /** For catalogs that take registered types: remove module files no registration names any more. */
  prune?(): string[];
  /** Ends the child processes that run registered types' validate(). */
  close?(): void;
}

/** Imports a trusted engine module file (a built-in type's) in this process. */
export function importTrustedModule(path: string): Promise<ResourceTypeModule> {
  return import(pathToFileURL(path).href).then(
    (imported: { default?: ResourceTypeModule } & ResourceTypeModule) => imported.default ?? imported,
  );
}

/** A catalog over a fixed list of trusted entries (the built-in types), run in this process. */
export function createCatalog(entries: ResourceTypeEntry[]): ResourceTypeCatalog {
  const byName = new Map(entries.map((entry) => [entry.manifest.name, entry]));
  const loaded = new Map<string, Promise<ResourceTypeModule>>();
  return {
    get: (name) => byName.get(name),
    list: () => [...byName.values()],
    async validate(name, properties, context) {
      const entry = byName.get(name);
      if (!entry) throw new Error(`unknown resource type "${name}"`);
      let module = loaded.get(name);
      if (!module) {
        module = importTrustedModule(entry.enginePath);
        loaded.set(name, module);
      }
      return (await module).validate?.(properties, context) ?? [];
    },
  };
}
