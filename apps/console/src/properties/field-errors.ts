/** The first message among paths (`common.restartThreshold`, then `restartThreshold`): servers name fields either way. */
export function errorAt(errors: Record<string, string>, ...paths: string[]): string | undefined {
  for (const path of paths) if (errors[path]) return errors[path];
  return undefined;
}

/** Whether any error path starts with one of the prefixes (marks a tab invalid). */
export function hasErrorUnder(errors: Record<string, string>, ...prefixes: string[]): boolean {
  return Object.keys(errors).some((path) => prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}.`)));
}
