import { Type, type Static } from '@sinclair/typebox';

/**
 * Names of nodes, groups, resources and types. Letters, digits, space, `_`, `.`, `-`;
 * they become store keys and URL segments, so no `/`.
 */
export const ObjectName = Type.String({
  minLength: 1,
  maxLength: 63,
  pattern: '^[A-Za-z0-9_][A-Za-z0-9_. -]*$',
  description: 'A name: 1-63 letters, digits, spaces, "_", "." or "-", not starting with a space, "." or "-"',
});
export type ObjectName = Static<typeof ObjectName>;

/** The longest owner or dependency list (and a manifest's lists): bounded, so one request costs bounded work. */
export const maxListItems = 64;

/** A list of distinct names, at most maxListItems of them. */
export const ObjectNames = Type.Array(ObjectName, { uniqueItems: true, maxItems: maxListItems });

export const Description = Type.String({ maxLength: 512, default: '' });

/** Milliseconds since the epoch. */
export const Timestamp = Type.Integer({ minimum: 0 });

export const ObjectKind = Type.Union([
  Type.Literal('cluster'),
  Type.Literal('node'),
  Type.Literal('group'),
  Type.Literal('resource'),
  Type.Literal('resourceType'),
  Type.Literal('user'),
]);
export type ObjectKind = Static<typeof ObjectKind>;

export const ObjectRef = Type.Object({ kind: ObjectKind, name: Type.String() });
export type ObjectRef = Static<typeof ObjectRef>;
