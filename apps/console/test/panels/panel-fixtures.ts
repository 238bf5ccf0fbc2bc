import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createElement, type ReactNode } from 'react';
import type { ResourceTypeManifest, ResourceTypeView, Role } from '@wolfpack/contracts';
import { PanelServicesProvider } from '../../src/panels/services.tsx';
import type { PanelRegistry } from '../../src/panels/registry.ts';
// The views a panel sees are the shared test views; the console adds its own services around them.
import { repositoryRoot } from '@wolfpack/testing/repository';
import { resourceView, typeView, typeViewOf } from '@wolfpack/testing/resource-views';

/** A built-in type (packages/resource-types/<folder>) with its built panel. */
export const builtInType = typeView;

/** The third-party example (examples/third-party-type), working or broken. */
export function exampleType(
  manifestFile: 'manifest.json' | 'manifest.broken.json' = 'manifest.json',
  extra: Partial<ResourceTypeView> = {},
): ResourceTypeView {
  const directory = join(repositoryRoot, 'examples', 'third-party-type');
  return typeViewOf(
    JSON.parse(readFileSync(join(directory, manifestFile), 'utf8')) as ResourceTypeManifest,
    directory,
    false,
    extra,
  );
}

/** A resource view of a type, with the MSCS common defaults. */
export const resourceOf = resourceView;

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
