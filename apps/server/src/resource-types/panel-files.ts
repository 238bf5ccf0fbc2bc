import { existsSync } from 'node:fs';
import { join, normalize } from 'node:path';
import type { ResourceTypeManifest } from '@wolfpack/contracts';
import type { ResourceTypeCatalog, ResourceTypeEntry } from '@wolfpack/engine';

/*
 * Built-in types' panel modules are files (packages/resource-types/<type>/dist/panel.mjs,
 * once the console's build makes them). A built-in type shows a panel only when that
 * file exists, so the console never gets a panel URL that answers 404.
 */

/** Where a built-in type's package folder is: its engine path minus the manifest's engine entry. */
function packageDirOf(entry: ResourceTypeEntry): string | undefined {
  const engine = normalize(entry.manifest.entryPoints.engine);
  const enginePath = normalize(entry.enginePath);
  return enginePath.endsWith(engine) ? enginePath.slice(0, enginePath.length - engine.length) : undefined;
}

/** The panel module file of a built-in type, whether or not it exists yet. */
export function builtInPanelPath(entry: ResourceTypeEntry): string | undefined {
  const dir = packageDirOf(entry);
  return dir === undefined ? undefined : join(dir, entry.manifest.entryPoints.panel ?? 'dist/panel.mjs');
}

const recheckMs = 5_000;

/**
 * The catalog, with each built-in manifest's `entryPoints.panel` saying whether its panel
 * file is really there (checked again every few seconds: a console build adds them).
 * Registered types are left as they are: their panel, if any, is in the store.
 */
export function withBuiltInPanels(catalog: ResourceTypeCatalog): ResourceTypeCatalog {
  const checked = new Map<string, { at: number; entry: ResourceTypeEntry }>();
  const adjust = (entry: ResourceTypeEntry | undefined): ResourceTypeEntry | undefined => {
    if (!entry?.builtIn) return entry;
    const name = entry.manifest.name;
    const cached = checked.get(name);
    const now = Date.now();
    if (cached && now - cached.at < recheckMs && cached.entry.enginePath === entry.enginePath) return cached.entry;
    const path = builtInPanelPath(entry);
    const present = path !== undefined && existsSync(path);
    const { panel: _declared, ...entryPoints } = entry.manifest.entryPoints;
    const manifest: ResourceTypeManifest = {
      ...entry.manifest,
      entryPoints: present
        ? { ...entryPoints, panel: entry.manifest.entryPoints.panel ?? 'dist/panel.mjs' }
        : entryPoints,
    };
    const adjusted = { ...entry, manifest };
    checked.set(name, { at: now, entry: adjusted });
    return adjusted;
  };
  return {
    get: (name) => adjust(catalog.get(name)),
    list: () => catalog.list().map((entry) => adjust(entry)!),
    validate: (name, properties, context) => catalog.validate(name, properties, context),
    ...(catalog.materialize ? { materialize: catalog.materialize.bind(catalog) } : {}),
    ...(catalog.admit ? { admit: catalog.admit.bind(catalog) } : {}),
    ...(catalog.prune ? { prune: catalog.prune.bind(catalog) } : {}),
    ...(catalog.close ? { close: catalog.close.bind(catalog) } : {}),
  };
}
