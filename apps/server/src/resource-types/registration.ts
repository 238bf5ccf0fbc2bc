import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import {
  CommandError,
  keys,
  ResourceTypeManifest,
  type FieldError,
  type ModuleHashes,
  type RegisterResourceTypeRequest,
  type ResourceTypeRecord,
} from '@wolfpack/contracts';
import { sha256Of, validateAgainst, type ClusterState, type ResourceTypeCatalog } from '@wolfpack/engine';
import type { ClusterStore, Compare, TxnOp } from '@wolfpack/store';

/*
 * Registering a built resource type package (regcladm.exe's job): its record — the
 * manifest plus the sha256 of each module — goes to keys.resourceType(name), where every
 * node and server sees it, and its module texts to keys.typeModule(name, version, file).
 * One version per name: a new version goes over the old one only when asked (`replace`),
 * and the old version's modules leave the store with it. A version is immutable — the
 * panel is served with an immutable cache header — so a registered version can only be
 * registered again unchanged. Built-in names are taken. Nothing is written unless the
 * manifest is valid and the engine module imports: in a child process with a time and
 * heap limit (the catalog's admit), since the module is code this server must never run.
 */

const modulesPrefixOf = (name: string, version?: string): string => {
  const key = keys.typeModule(name, 'v', 'engine.mjs');
  const typePrefix = key.slice(0, key.length - 'v/engine.mjs'.length);
  return version === undefined ? typePrefix : `${typePrefix}${version}/`;
};

/** The manifest as the request body holds it, so errors name it as sent: `manifest.version`. */
const ManifestInRequest = Type.Object({ manifest: ResourceTypeManifest });

/** The manifest's problems, paths `manifest.<field>`. */
const manifestErrors = (manifest: unknown): FieldError[] => validateAgainst(ManifestInRequest, { manifest });

const conflict = (path: string, message: string) => new CommandError('conflict', message, [{ path, message }]);

export interface Registration {
  /** The record as stored: the manifest (its panel entry says whether a panel came with it) and the hashes. */
  record: ResourceTypeRecord;
  revision: number;
  /** The same package was registered already: nothing was written. */
  unchanged: boolean;
  /** The version this one replaced, if any. */
  replaced?: string;
}

/** The record a request would store: the manifest with its defaults, its panel entry, and the modules' hashes. */
function recordOf(request: RegisterResourceTypeRequest): ResourceTypeRecord {
  // Fields with a default (controlCodes, requiredDependencies) may be left out.
  const defaulted: unknown = Value.Default(ResourceTypeManifest, structuredClone(request.manifest));
  const errors = manifestErrors(defaulted);
  if (errors.length > 0)
    throw new CommandError(
      'validation',
      `resource type manifest: ${errors.map((error) => error.message).join('; ')}`,
      errors,
    );
  const { sha256: _ignored, ...given } = defaulted as ResourceTypeRecord;
  const { panel: _declared, ...entryPoints } = given.entryPoints;
  const sha256: ModuleHashes = {
    engine: sha256Of(request.engineModule),
    ...(request.panelModule !== undefined ? { panel: sha256Of(request.panelModule) } : {}),
  };
  return {
    ...given,
    entryPoints:
      request.panelModule !== undefined
        ? { ...entryPoints, panel: given.entryPoints.panel ?? 'panel.mjs' }
        : entryPoints,
    sha256,
  };
}

/**
 * Checks and stores a type package; refuses (validation/conflict) changing nothing, so
 * the cluster keeps the version it had.
 */
export async function registerResourceType(
  store: ClusterStore,
  catalog: ResourceTypeCatalog,
  request: RegisterResourceTypeRequest,
): Promise<Registration> {
  const record = recordOf(request);
  const { name, version } = record;
  if (catalog.get(name)?.builtIn)
    throw conflict('manifest.name', `${name} is a built-in resource type: pick another name`);

  const current = await store.get(keys.resourceType(name));
  const stored = current ? (JSON.parse(current.value) as ResourceTypeRecord) : undefined;
  if (stored && stored.version === version) {
    // Records written before hashes were kept: compare with the stored module texts.
    const storedHashes = stored.sha256 ?? (await hashesInStore(store, name, version));
    const { sha256: _stored, ...storedManifest } = stored;
    const { sha256: _given, ...givenManifest } = record;
    if (Value.Equal(storedHashes, record.sha256) && Value.Equal(storedManifest, givenManifest)) {
      return { record: stored.sha256 ? stored : record, revision: current!.modRevision, unchanged: true };
    }
    throw conflict(
      'manifest.version',
      `${name} ${version} is already registered with other modules or another manifest: a version never changes, give this one a new version (and --replace)`,
    );
  }
  if (stored && !request.replace) {
    throw conflict(
      'replace',
      `resource type ${name} ${stored.version} is registered: registering ${version} over it needs --replace (replace: true)`,
    );
  }

  if (!catalog.admit)
    throw new CommandError('conflict', "this server's resource type catalog takes no registered types");
  try {
    await catalog.admit(name, version, request.engineModule);
  } catch (error) {
    const message = `the engine module cannot be imported: ${(error as Error).message}`;
    throw new CommandError('validation', `engineModule: ${message}`, [{ path: 'engineModule', message }]);
  }

  const operations: TxnOp[] = [
    { op: 'put', key: keys.typeModule(name, version, 'engine.mjs'), value: request.engineModule },
    ...(request.panelModule !== undefined
      ? [{ op: 'put' as const, key: keys.typeModule(name, version, 'panel.mjs'), value: request.panelModule }]
      : []),
    ...(stored ? [{ op: 'deletePrefix' as const, prefix: modulesPrefixOf(name, stored.version) }] : []),
    { op: 'put', key: keys.resourceType(name), value: JSON.stringify(record) },
  ];
  // Racing registrations of one name: the first wins, the second is refused.
  const guard: Compare = current
    ? { key: current.key, target: 'modRevision', op: '=', value: current.modRevision }
    : { key: keys.resourceType(name), target: 'exists', value: false };
  const result = await store.txn({ compare: [guard], success: operations });
  if (!result.succeeded)
    throw new CommandError(
      'conflict',
      `${name} was registered or removed by someone else meanwhile: look at it, then try again`,
    );
  return { record, revision: result.revision, unchanged: false, ...(stored ? { replaced: stored.version } : {}) };
}

async function hashesInStore(store: ClusterStore, name: string, version: string): Promise<ModuleHashes | undefined> {
  const [engine, panel] = await Promise.all([
    store.get(keys.typeModule(name, version, 'engine.mjs')),
    store.get(keys.typeModule(name, version, 'panel.mjs')),
  ]);
  return engine ? { engine: sha256Of(engine.value), ...(panel ? { panel: sha256Of(panel.value) } : {}) } : undefined;
}

/**
 * Removes a registered type and its modules; refused while any resource uses it (naming
 * them), and for built-in types. Each node's agent then removes its module files.
 */
export async function unregisterResourceType(
  store: ClusterStore,
  catalog: ResourceTypeCatalog,
  state: ClusterState,
  name: string,
): Promise<number> {
  if (catalog.get(name)?.builtIn)
    throw new CommandError('conflict', `${name} is a built-in resource type: it cannot be removed`);
  const record = await store.get(keys.resourceType(name));
  if (!record) throw new CommandError('not-found', `resource type ${name} does not exist`);
  const users = [...state.resources.values()]
    .filter((resource) => resource.type === name)
    .map((resource) => resource.name);
  if (users.length > 0) {
    throw new CommandError(
      'conflict',
      `resource type ${name} is in use by ${users.length === 1 ? 'resource' : 'resources'} ${users.join(', ')}: delete ${users.length === 1 ? 'it' : 'them'} first`,
    );
  }
  const result = await store.txn({
    compare: [{ key: record.key, target: 'modRevision', op: '=', value: record.modRevision }],
    success: [
      { op: 'delete', key: record.key },
      { op: 'deletePrefix', prefix: modulesPrefixOf(name) },
    ],
  });
  if (!result.succeeded)
    throw new CommandError('conflict', `resource type ${name} changed meanwhile: nothing was removed, try again`);
  return result.revision;
}

/** A registered type's panel module text for one version, or undefined. */
export async function readRegisteredPanel(
  store: ClusterStore,
  name: string,
  version: string,
): Promise<string | undefined> {
  return (await store.get(keys.typeModule(name, version, 'panel.mjs')))?.value;
}
