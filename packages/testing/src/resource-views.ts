import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  resourceTypeViewOf,
  type ResourceTypeManifest,
  type ResourceTypeView,
  type ResourceView,
} from '@wolfpack/contracts';
import { repositoryRoot } from './repository.ts';

/*
 * Views of resource types and resources as the server sends them to the console: what the
 * console's and the admin SDK's browser-side tests render, shaped like the seed cluster.
 */

/** A type's view as the server would send it, its panel URL pointing at the built panel file in `directory`. */
export function typeViewOf(
  manifest: ResourceTypeManifest,
  directory: string,
  builtIn: boolean,
  extra: Partial<ResourceTypeView> = {},
): ResourceTypeView {
  const panelUrl = (type: ResourceTypeManifest) => pathToFileURL(join(directory, type.entryPoints.panel!)).href;
  return { ...resourceTypeViewOf(manifest, builtIn, panelUrl), ...extra };
}

/** A built-in type's view (packages/resource-types/<folder>) as the server would send it. */
export function typeView(folder: string, extra: Partial<ResourceTypeView> = {}): ResourceTypeView {
  const directory = join(repositoryRoot, 'packages', 'resource-types', folder);
  return typeViewOf(
    JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8')) as ResourceTypeManifest,
    directory,
    true,
    extra,
  );
}

/** A resource view with the MSCS defaults, of the given type, Online on OSDB_SERV in SOCKET_GROUP. */
export function resourceView(
  name: string,
  type: string,
  privateProperties: Record<string, unknown> = {},
  extra: Partial<ResourceView> = {},
): ResourceView {
  return {
    name,
    description: '',
    group: 'SOCKET_GROUP',
    type,
    state: 'Online',
    ownerNode: 'OSDB_SERV',
    persistentState: 'Online',
    dependencies: [],
    possibleOwners: ['OSDB_SERV', 'OSDB_BACK'],
    commonProperties: {
      restartAction: 'RestartAndFailover',
      restartThreshold: 3,
      restartPeriodMs: 900000,
      restartDelayMs: 0,
      pendingTimeoutMs: 180000,
      looksAlivePollIntervalMs: 5000,
      isAlivePollIntervalMs: 60000,
      deadlockTimeoutMs: 300000,
      separateMonitor: false,
    },
    privateProperties,
    ...extra,
  };
}
