import type {
  ClusterProperties,
  CommonProperties,
  GroupPolicy,
  GroupView,
  ResourceView,
  SetClusterPropertiesBody,
  SetGroupPropertiesBody,
  SetResourcePropertiesBody,
} from '@wolfpack/contracts';

/*
 * A property sheet edits an overlay on the live view: only what the person changed is
 * held, everything else keeps following the stream. Applying sends exactly the changed
 * fields; an edit the live view has caught up with is dropped.
 */

/** What a resource's sheet changed (values may be raw text a person typed into a number field). */
export interface ResourceEdits {
  description?: string;
  possibleOwners?: string[];
  common?: { [K in keyof CommonProperties]?: CommonProperties[K] | string };
  dependencies?: string[];
}

export interface GroupEdits {
  description?: string;
  policy?: { [K in keyof GroupPolicy]?: GroupPolicy[K] | string };
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item, i) => item === b[i]);
const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item) => b.includes(item));
const same = (a: unknown, b: unknown): boolean =>
  Array.isArray(a) && Array.isArray(b)
    ? sameList(a, b)
    : typeof a === 'object' && a && b && typeof b === 'object'
      ? JSON.stringify(a) === JSON.stringify(b)
      : a === b;

function changedFields<T extends object>(
  current: T,
  edits: Partial<Record<keyof T, unknown>> | undefined,
): Partial<Record<keyof T, unknown>> | undefined {
  if (!edits) return undefined;
  const changed: Partial<Record<keyof T, unknown>> = {};
  for (const [key, value] of Object.entries(edits) as [keyof T, unknown][]) {
    if (value !== undefined && !same(value, current[key])) changed[key] = value;
  }
  return Object.keys(changed).length > 0 ? changed : undefined;
}

/** The PATCH /resources/:name body for the General and Advanced pages, or undefined when nothing changed. */
export function resourcePatch(view: ResourceView, edits: ResourceEdits): SetResourcePropertiesBody | undefined {
  const patch: SetResourcePropertiesBody = {};
  if (edits.description !== undefined && edits.description !== view.description) patch.description = edits.description;
  if (edits.possibleOwners !== undefined && !sameSet(edits.possibleOwners, view.possibleOwners))
    patch.possibleOwners = edits.possibleOwners;
  const common = changedFields(view.commonProperties, edits.common);
  // A number field's text the person typed ('12x') goes as typed: the server is the one judge, and names the field.
  if (common) patch.common = common as SetResourcePropertiesBody['common'];
  return Object.keys(patch).length > 0 ? patch : undefined;
}

/** The dependencies to add and remove, in the order the person arranged them. */
export function dependencyChanges(view: ResourceView, edits: ResourceEdits): { add: string[]; remove: string[] } {
  if (!edits.dependencies) return { add: [], remove: [] };
  return {
    add: edits.dependencies.filter((name) => !view.dependencies.includes(name)),
    remove: view.dependencies.filter((name) => !edits.dependencies!.includes(name)),
  };
}

/** Whether the sheet holds anything the view does not show yet. */
export function resourceDirty(view: ResourceView, edits: ResourceEdits): boolean {
  const deps = dependencyChanges(view, edits);
  return resourcePatch(view, edits) !== undefined || deps.add.length > 0 || deps.remove.length > 0;
}

/** Edits without those the live view already shows (after Apply, as the stream catches up). */
export function pruneResourceEdits(view: ResourceView, edits: ResourceEdits): ResourceEdits {
  const next: ResourceEdits = {};
  if (edits.description !== undefined && edits.description !== view.description) next.description = edits.description;
  if (edits.possibleOwners !== undefined && !sameSet(edits.possibleOwners, view.possibleOwners))
    next.possibleOwners = edits.possibleOwners;
  const common = changedFields(view.commonProperties, edits.common);
  if (common) next.common = common as ResourceEdits['common'];
  if (edits.dependencies !== undefined && !sameSet(edits.dependencies, view.dependencies))
    next.dependencies = edits.dependencies;
  return next;
}

/** The PATCH /groups/:name body, or undefined when nothing changed. */
export function groupPatch(view: GroupView, edits: GroupEdits): SetGroupPropertiesBody | undefined {
  const patch: SetGroupPropertiesBody = {};
  if (edits.description !== undefined && edits.description !== view.description) patch.description = edits.description;
  const policy = changedFields(view.policy, edits.policy);
  // As for resources: raw text goes as typed, for the server to refuse at its field.
  if (policy) patch.policy = policy as SetGroupPropertiesBody['policy'];
  return Object.keys(patch).length > 0 ? patch : undefined;
}

export function pruneGroupEdits(view: GroupView, edits: GroupEdits): GroupEdits {
  const next: GroupEdits = {};
  if (edits.description !== undefined && edits.description !== view.description) next.description = edits.description;
  const policy = changedFields(view.policy, edits.policy);
  if (policy) next.policy = policy as GroupEdits['policy'];
  return next;
}

/** A list with one item moved up (-1) or down (+1): preferred owners are ordered. */
export function moveItem<T>(list: readonly T[], index: number, delta: -1 | 1): T[] {
  const target = index + delta;
  if (target < 0 || target >= list.length) return [...list];
  const next = [...list];
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}

/** What the cluster's sheet changed (numbers may be raw text, sent as typed for the server to judge). */
export type ClusterEdits = { [K in keyof SetClusterPropertiesBody]?: SetClusterPropertiesBody[K] | string };

const clusterFields = ['description', 'nodeLeaseTtlMs', 'dnsAddress', 'dnsPort'] as const;

/**
 * The PATCH /cluster body: the fields whose value differs from the record, or undefined
 * when none does. A number field may still hold the text the person typed ('5x'): it is
 * sent as typed, so the server refuses it naming the field (it is the one judge of what
 * is valid, and its message is the one shown at the field), hence the cast.
 */
export function clusterPatch(properties: ClusterProperties, edits: ClusterEdits): SetClusterPropertiesBody | undefined {
  const patch: Record<string, unknown> = {};
  for (const field of clusterFields) {
    const value = edits[field];
    if (value !== undefined && value !== properties[field]) patch[field] = value;
  }
  return Object.keys(patch).length > 0 ? (patch as SetClusterPropertiesBody) : undefined;
}
