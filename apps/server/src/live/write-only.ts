import type { ResourceView } from '@wolfpack/contracts';

/*
 * writeOnly private properties (secrets such as Generic Application's Environment) are
 * never in the views the hub sends. A resource's own token is the one reader that may
 * have them (its process runs with them): the values are kept beside each view object the
 * hub built, never inside it, and only the resource's own scope puts them back.
 */

const hiddenValues = new WeakMap<ResourceView, Record<string, unknown>>();

/** Keeps a resource view's writeOnly values beside it. */
export function keepWriteOnlyValues(view: ResourceView, values: Record<string, unknown>): void {
  if (Object.keys(values).length > 0) hiddenValues.set(view, values);
}

/**
 * What tells two views of a resource apart beyond their JSON: a change of a writeOnly
 * value alone must still reach the resource's own scope.
 */
export function writeOnlyFingerprint(view: unknown): string {
  const values = hiddenValues.get(view as ResourceView);
  return values ? JSON.stringify(values) : '';
}

/** The view with its writeOnly values back in: for the resource's own scope only. */
export function withWriteOnlyValues(view: ResourceView): ResourceView {
  const values = hiddenValues.get(view);
  return values ? { ...view, privateProperties: { ...view.privateProperties, ...values } } : view;
}
