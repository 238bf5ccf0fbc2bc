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
