import type { FieldError, ProviderInfo, ResourceTypeManifest } from '@wolfpack/contracts';
import type { ResourceTypeCatalog } from '../catalog/catalog.ts';
import { validateAgainst, withDefaults } from '../validation/index.ts';

/*
 * Private properties: the resource type's own, described by its manifest's property
 * schema and checked again by its module's validate() (rules a schema cannot say, such
 * as "the port must differ from the provider's").
 */

/**
 * The private properties after a change: current merged with the patch, where a null
 * value drops the property so that its default applies again; schema defaults filled in.
 */
export function mergePrivateProperties(
  manifest: ResourceTypeManifest,
  current: Record<string, unknown>,
  patch: Record<string, unknown> = {},
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current };
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete merged[name];
    else merged[name] = value;
  }
  return withDefaults(manifest.propertySchema, merged);
}

export interface PropertyCheckTarget {
  resource: string;
  group: string;
  type: string;
  /** Direct dependencies, as the type module sees them. */
  providers: ProviderInfo[];
}

/**
 * Every problem with a resource's private properties, paths `private.<Field>`: the
 * schema first; when the schema holds, the type module's validate() (a registered
 * type's in a child process: see catalog/isolated-module.ts).
 */
export async function validateResourceProperties(
  catalog: ResourceTypeCatalog,
  manifest: ResourceTypeManifest,
  properties: Record<string, unknown>,
  target: PropertyCheckTarget,
): Promise<FieldError[]> {
  const schemaErrors = validateAgainst(manifest.propertySchema, properties, { pathPrefix: 'private' });
  if (schemaErrors.length > 0) return schemaErrors;
  if (!catalog.get(target.type)) return [];
  let moduleErrors: FieldError[];
  try {
    moduleErrors = await catalog.validate(target.type, properties, {
      resource: target.resource,
      group: target.group,
      providers: target.providers,
    });
  } catch (error) {
    // A registered type's validate() that hangs, crashes or runs out of memory: nothing unchecked is written.
    return [
      {
        path: 'private',
        message: `the ${target.type} type's validate() could not check the properties: ${(error as Error).message}`,
      },
    ];
  }
  return moduleErrors.map((error) => ({
    path: error.path === 'private' || error.path.startsWith('private.') ? error.path : `private.${error.path}`,
    message: error.message,
  }));
}
