import { pathToFileURL } from 'node:url';
import type { ResourceTypeModule } from '@wolfpack/contracts';
import type { ResourceTypeCatalog } from '@wolfpack/engine';

/**
 * The catalog, importing registered types' engine modules by file URL. The engine's
 * cluster catalog imports the materialized file by its path, whose folder name is
 * URL-encoded ("Marker%20File@1.0.0"): node reads a bare path as a URL and decodes it,
 * so a type with a space in its name is not found. (Engine fix: import
 * pathToFileURL(path).href; then this adapter can go.)
 */
export function withFileUrlImports(catalog: ResourceTypeCatalog): ResourceTypeCatalog {
  const materialize = catalog.materialize?.bind(catalog);
  if (!materialize) return catalog;
  const loaded = new Map<string, Promise<ResourceTypeModule>>();
  return {
    get: (name) => catalog.get(name),
    list: () => catalog.list(),
    materialize,
    load(name) {
      const entry = catalog.get(name);
      if (!entry || entry.builtIn) return catalog.load(name);
      const cacheKey = `${name}@${entry.manifest.version}`;
      let module = loaded.get(cacheKey);
      if (!module) {
        module = materialize(name)
          .then((path) => import(pathToFileURL(path).href) as Promise<{ default?: ResourceTypeModule } & ResourceTypeModule>)
          .then((imported) => imported.default ?? imported);
        module.catch(() => loaded.delete(cacheKey));
        loaded.set(cacheKey, module);
      }
      return module;
    },
  };
}
