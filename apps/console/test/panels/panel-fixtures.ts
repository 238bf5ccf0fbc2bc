import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createElement, type ReactNode } from 'react';
import type { ResourceTypeManifest, ResourceTypeView, ResourceView, Role } from '@wolfpack/contracts';
import { PanelServicesProvider } from '../../src/panels/services.tsx';
import type { PanelRegistry } from '../../src/panels/registry.ts';

/* Resource types as the server describes them, with panel URLs pointing at the built panel files. */

export const repositoryRoot = join(import.meta.dirname, '..', '..', '..', '..');

function viewOf(manifest: ResourceTypeManifest, directory: string, builtIn: boolean, extra: Partial<ResourceTypeView>): ResourceTypeView {
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

/** A built-in type (packages/resource-types/<folder>) with its built panel. */
export function builtInType(folder: string, extra: Partial<ResourceTypeView> = {}): ResourceTypeView {
  const directory = join(repositoryRoot, 'packages', 'resource-types', folder);
  return viewOf(JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8')), directory, true, extra);
}

/** The third-party example (examples/third-party-type), working or broken. */
export function exampleType(manifestFile: 'manifest.json' | 'manifest.broken.json' = 'manifest.json', extra: Partial<ResourceTypeView> = {}): ResourceTypeView {
  const directory = join(repositoryRoot, 'examples', 'third-party-type');
  return viewOf(JSON.parse(readFileSync(join(directory, manifestFile), 'utf8')), directory, false, extra);
}

/** A resource view of a type, with the MSCS common defaults. */
export function resourceOf(name: string, type: string, privateProperties: Record<string, unknown> = {}, extra: Partial<ResourceView> = {}): ResourceView {
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

export interface ServicesSetup {
  types: ResourceTypeView[];
  role?: Role;
  registry: PanelRegistry;
  saveProperties?: (resource: string, patch: Record<string, unknown>) => Promise<unknown>;
  control?: (resource: string, code: string, input?: unknown) => Promise<unknown>;
}

/** The panel services around a tree, as the console provides them. */
export function withServices(setup: ServicesSetup, children: ReactNode): ReactNode {
  return createElement(PanelServicesProvider, {
    resourceTypes: setup.types,
    role: setup.role ?? 'admin',
    registry: setup.registry,
    saveProperties: setup.saveProperties ?? (async () => ({})),
    control: setup.control ?? (async () => ({ result: null })),
    children,
  });
}
