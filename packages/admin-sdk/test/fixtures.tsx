import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ReactNode } from 'react';
import type { ResourceTypeManifest, ResourceTypeView, ResourceView } from '@wolfpack/contracts';
import { PanelHostProvider, type PanelHostProviderProps } from '../src/index.ts';

/** A type's view as the server would send it, its panel URL pointing at the built panel file in `directory`. */
export function typeViewOf(manifest: ResourceTypeManifest, directory: string, builtIn: boolean, extra: Partial<ResourceTypeView> = {}): ResourceTypeView {
  return {
    name: manifest.name,
    version: manifest.version,
    description: manifest.description,
    builtIn,
    propertySchema: manifest.propertySchema,
    controlCodes: manifest.controlCodes,
    requiredDependencies: manifest.requiredDependencies,
    ...(manifest.entryPoints.panel ? { panelUrl: pathToFileURL(join(directory, manifest.entryPoints.panel)).href } : {}),
    ...(manifest.consoleApi ? { consoleApi: manifest.consoleApi } : {}),
    ...extra,
  };
}

/** A built-in type's view (packages/resource-types/<folder>) as the server would send it. */
export function typeView(folder: string, extra: Partial<ResourceTypeView> = {}): ResourceTypeView {
  const directory = join(import.meta.dirname, '..', '..', 'resource-types', folder);
  return typeViewOf(JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8')) as ResourceTypeManifest, directory, true, extra);
}

/** A resource view with the MSCS defaults, of the given type. */
export function resourceView(name: string, type: string, privateProperties: Record<string, unknown> = {}, extra: Partial<ResourceView> = {}): ResourceView {
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

/** The server's 400 as the console's API client throws it. */
export class RefusedError extends Error {
  readonly fields: Array<{ path: string; message: string }>;
  constructor(message: string, fields: Array<{ path: string; message: string }>) {
    super(message);
    this.fields = fields;
  }
}

/** A panel host around children, with save/control given by the test. */
export function Host(props: Omit<PanelHostProviderProps, 'children'> & { children: ReactNode }) {
  return <PanelHostProvider {...props} />;
}
