import { WolfpackError } from '@wolfpack/client';
import type { FieldError } from '@wolfpack/contracts';

/*
 * The server's refusals at the fields of a form: a WolfpackError's `fields` by path
 * (`private.MaxUser`, `common.restartThreshold`, `description`), and the lookups the
 * sheets and wizards use to place each message and mark the page that holds it.
 */

/** The field errors a refusal carries (none for anything but a WolfpackError). */
export function fieldErrorsOf(error: unknown): FieldError[] {
  return error instanceof WolfpackError ? error.fields : [];
}

/**
 * Field errors keyed by path, so a form can show each at its field; two messages for
 * one path are joined. Paths a server sends with a leading `/` or in JSON-pointer form
 * are normalised to dots.
 */
export function fieldErrorsByPath(error: unknown): Record<string, string> {
  const byPath: Record<string, string> = {};
  for (const field of fieldErrorsOf(error)) {
    const path = normaliseFieldPath(field.path);
    byPath[path] = byPath[path] ? `${byPath[path]}; ${field.message}` : field.message;
  }
  return byPath;
}

/** `/private/MaxUser` or `private/MaxUser` → `private.MaxUser`. */
export function normaliseFieldPath(path: string): string {
  return path.replace(/^\/+/, '').replace(/\//g, '.');
}

/** The first message among paths (`common.restartThreshold`, then `restartThreshold`): servers name fields either way. */
export function errorAt(errors: Record<string, string>, ...paths: string[]): string | undefined {
  for (const path of paths) if (errors[path]) return errors[path];
  return undefined;
}

/** Whether any error path starts with one of the prefixes (marks a tab invalid). */
export function hasErrorUnder(errors: Record<string, string>, ...prefixes: string[]): boolean {
  return Object.keys(errors).some((path) =>
    prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}.`)),
  );
}
