import type { ResourceTypeView } from './cluster-views.ts';
import type { ResourceTypeManifest, ResourceTypeRecord } from './resource-type.ts';

/**
 * A resource type as clients see it (the REST API, the live feed, the console): its
 * manifest's fields, whether it is built in, and, when it has a panel, where the console
 * loads it from: `panelUrl(manifest)`, with the panel's hash when the type was registered
 * with one, so a version unregistered and registered again with other bytes gets a new
 * URL and no browser serves the old panel from its immutable cache.
 */
export function resourceTypeViewOf(
  manifest: ResourceTypeRecord,
  builtIn: boolean,
  panelUrl: (manifest: ResourceTypeManifest) => string,
): ResourceTypeView {
  const panelHash = manifest.sha256?.panel;
  const panel = () => `${panelUrl(manifest)}${panelHash ? `?sha256=${panelHash}` : ''}`;
  return {
    name: manifest.name,
    version: manifest.version,
    description: manifest.description,
    builtIn,
    propertySchema: manifest.propertySchema,
    controlCodes: manifest.controlCodes ?? [],
    requiredDependencies: manifest.requiredDependencies ?? [],
    ...(manifest.entryPoints.panel ? { panelUrl: panel() } : {}),
    ...(manifest.consoleApi !== undefined ? { consoleApi: manifest.consoleApi } : {}),
    ...(manifest.sha256 ? { sha256: manifest.sha256 } : {}),
  };
}
