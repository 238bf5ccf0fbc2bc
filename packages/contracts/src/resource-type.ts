import { Type, type Static } from '@sinclair/typebox';
import { Description, ObjectName } from './names.ts';

export const ControlCode = Type.Object({
  code: Type.String({ pattern: '^[a-z][a-z0-9-]*$' }),
  description: Type.String(),
  /** True when the code changes nothing (viewers may call it). */
  readOnly: Type.Boolean({ default: true }),
});
export type ControlCode = Static<typeof ControlCode>;

/**
 * A resource type's manifest (manifest.json in its package). The property schema is
 * JSON Schema for the private properties, with defaults, bounds and descriptions.
 */
export const ResourceTypeManifest = Type.Object({
  name: ObjectName,
  version: Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+' }),
  description: Description,
  /** JSON Schema of the private properties: an object schema. */
  propertySchema: Type.Object({
    type: Type.Literal('object'),
    properties: Type.Record(Type.String(), Type.Unknown()),
    required: Type.Optional(Type.Array(Type.String())),
    additionalProperties: Type.Optional(Type.Boolean()),
  }, { additionalProperties: true }),
  controlCodes: Type.Array(ControlCode, { default: [] }),
  /** Resource types this one must depend on in its group (e.g. Network Name needs an IP Address). */
  requiredDependencies: Type.Array(ObjectName, { default: [] }),
  entryPoints: Type.Object({
    /** ES module implementing ResourceTypeModule, relative to the package. */
    engine: Type.String(),
    /** ES module exporting the console panel, relative to the package. */
    panel: Type.Optional(Type.String()),
  }),
  /** Console admin API version range the panel needs (semver range). */
  consoleApi: Type.Optional(Type.String()),
});
export type ResourceTypeManifest = Static<typeof ResourceTypeManifest>;

/** A module's SHA-256, lowercase hex. */
export const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });

/**
 * The SHA-256 of each module a registered type was uploaded with: in its stored record,
 * its view and its registration's audit event. A node checks a module file against it
 * before importing it.
 */
export const ModuleHashes = Type.Object({ engine: Sha256, panel: Type.Optional(Sha256) });
export type ModuleHashes = Static<typeof ModuleHashes>;

/**
 * A registered type as the cluster stores it (keys.resourceType): the manifest, and the
 * hashes the server computed (absent only in records written before hashes were kept).
 */
export type ResourceTypeRecord = ResourceTypeManifest & { sha256?: ModuleHashes };
