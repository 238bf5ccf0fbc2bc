import { Value } from '@sinclair/typebox/value';
import {
  CommandError,
  keys,
  ResourceTypeManifest,
  type FieldError,
  type RegisterResourceTypeRequest,
} from '@wolfpack/contracts';
import type { ClusterState, ClusterStore, Compare, ResourceTypeCatalog, TxnOp } from '@wolfpack/engine';

/*
 * Registering a built resource type package (regcladm.exe's job): its manifest goes to
 * keys.resourceType(name), where every node and server sees it, and its module texts to
 * keys.typeModule(name, version, file). A version is immutable — the panel is served
 * with an immutable cache header — so a registered version can only be registered again
 * unchanged. Built-in names are taken.
 */

const modulesPrefixOf = (name: string): string => {
  const key = keys.typeModule(name, 'v', 'engine.mjs');
  return key.slice(0, key.length - 'v/engine.mjs'.length);
};

/** The manifest's problems, paths `manifest.<field>`. */
function manifestErrors(manifest: unknown): FieldError[] {
  const errors: FieldError[] = [];
  for (const error of Value.Errors(ResourceTypeManifest, manifest)) {
    const path = ['manifest', ...error.path.split('/').filter(Boolean)].join('.');
    if (errors.some((known) => known.path === path)) continue;
    errors.push({ path, message: `${path} ${error.message.replace(/^Expected/, 'must be').toLowerCase()}` });
  }
  return errors;
}

/**
 * Checks and stores a type package; refuses (validation/conflict) changing nothing.
 * Returns the manifest as stored (its panel entry says whether a panel module came with
 * it) and the revision of the write.
 */
export async function registerResourceType(
  store: ClusterStore,
  catalog: ResourceTypeCatalog,
  request: RegisterResourceTypeRequest,
): Promise<{ manifest: ResourceTypeManifest; revision: number }> {
  const errors = manifestErrors(request.manifest);
  if (errors.length > 0) throw new CommandError('validation', `resource type manifest: ${errors.map((error) => error.message).join('; ')}`, errors);
  const given = Value.Default(ResourceTypeManifest, structuredClone(request.manifest)) as ResourceTypeManifest;
  const { panel: _declared, ...entryPoints } = given.entryPoints;
  const manifest: ResourceTypeManifest = {
    ...given,
    entryPoints: request.panelModule !== undefined ? { ...entryPoints, panel: given.entryPoints.panel ?? 'panel.mjs' } : entryPoints,
  };
  const { name, version } = manifest;
  if (catalog.get(name)?.builtIn) {
    const message = `${name} is a built-in resource type: pick another name`;
    throw new CommandError('conflict', message, [{ path: 'manifest.name', message }]);
  }

  const engineKey = keys.typeModule(name, version, 'engine.mjs');
  const panelKey = keys.typeModule(name, version, 'panel.mjs');
  const [engine, panel] = await Promise.all([store.get(engineKey), store.get(panelKey)]);
  if (engine && (engine.value !== request.engineModule || (panel?.value ?? undefined) !== request.panelModule)) {
    const message = `${name} ${version} is already registered with other modules: a version never changes, give this one a new version`;
    throw new CommandError('conflict', message, [{ path: 'manifest.version', message }]);
  }

  const operations: TxnOp[] = [
    { op: 'put', key: engineKey, value: request.engineModule },
    ...(request.panelModule !== undefined ? [{ op: 'put' as const, key: panelKey, value: request.panelModule }] : []),
    { op: 'put', key: keys.resourceType(name), value: JSON.stringify(manifest) },
  ];
  // Racing registrations of one version: the first wins, the second must match it.
  const guard: Compare = engine
    ? { key: engineKey, target: 'modRevision', op: '=', value: engine.modRevision }
    : { key: engineKey, target: 'exists', value: false };
  const result = await store.txn({ compare: [guard], success: operations });
  if (!result.succeeded) throw new CommandError('conflict', `${name} ${version} was registered by someone else meanwhile: look at it, then try again`);
  return { manifest, revision: result.revision };
}

/**
 * Removes a registered type and its modules; refused while any resource uses it, and
 * for built-in types.
 */
export async function unregisterResourceType(store: ClusterStore, catalog: ResourceTypeCatalog, state: ClusterState, name: string): Promise<number> {
  if (catalog.get(name)?.builtIn) throw new CommandError('conflict', `${name} is a built-in resource type: it cannot be removed`);
  const record = await store.get(keys.resourceType(name));
  if (!record) throw new CommandError('not-found', `resource type ${name} does not exist`);
  const users = [...state.resources.values()].filter((resource) => resource.type === name).map((resource) => resource.name);
  if (users.length > 0) {
    throw new CommandError('conflict', `resource type ${name} is in use by ${users.length === 1 ? 'resource' : 'resources'} ${users.join(', ')}: delete ${users.length === 1 ? 'it' : 'them'} first`);
  }
  const result = await store.txn({
    compare: [{ key: record.key, target: 'modRevision', op: '=', value: record.modRevision }],
    success: [
      { op: 'delete', key: record.key },
      { op: 'deletePrefix', prefix: modulesPrefixOf(name) },
    ],
  });
  if (!result.succeeded) throw new CommandError('conflict', `resource type ${name} changed meanwhile: nothing was removed, try again`);
  return result.revision;
}

/** A registered type's panel module text for one version, or undefined. */
export async function readRegisteredPanel(store: ClusterStore, name: string, version: string): Promise<string | undefined> {
  return (await store.get(keys.typeModule(name, version, 'panel.mjs')))?.value;
}
