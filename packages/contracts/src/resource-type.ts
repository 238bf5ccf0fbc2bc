import { Type, type Static } from '@sinclair/typebox';
import { Description, maxListItems, ObjectName } from './names.ts';

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
  /** Semantic version, anchored: it names module keys and files, so no `/` and nothing after it. */
  version: Type.String({ maxLength: 64, pattern: '^\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?$' }),
  description: Description,
  /** JSON Schema of the private properties: an object schema. */
  propertySchema: Type.Object(
    {
      type: Type.Literal('object'),
      properties: Type.Record(Type.String(), Type.Unknown()),
      required: Type.Optional(Type.Array(Type.String())),
      additionalProperties: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: true },
  ),
  controlCodes: Type.Array(ControlCode, { default: [], maxItems: maxListItems }),
  /** Resource types this one must depend on in its group (e.g. Network Name needs an IP Address). */
  requiredDependencies: Type.Array(ObjectName, { default: [], maxItems: maxListItems }),
  entryPoints: Type.Object({
    /** ES module implementing ResourceTypeModule, relative to the package. */
    engine: Type.String(),
    /** ES module exporting the console panel, relative to the package. */
    panel: Type.Optional(Type.String()),
  }),
  /** Console admin API version range the panel needs (semver range). */
  consoleApi: Type.Optional(Type.String()),
  /**
   * Linux capabilities the type's processes need, e.g. CAP_NET_BIND_SERVICE for a port below
   * 1024. On a node running as root, resource processes run as a uid of their resource's own
   * (or WOLFPACK_RESOURCE_USER) with these and no others.
   */
  capabilities: Type.Optional(
    Type.Array(Type.String({ pattern: '^CAP_[A-Z_]+$', maxLength: 32 }), { maxItems: 16, uniqueItems: true }),
  ),
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
