/** One collator for every name sort: numeric ("NODE2" before "NODE10"), case-blind. Made once, it is fast. */
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Compares two names as people sort them. */
export const compareNames = (a: string, b: string): number => collator.compare(a, b);

/** Compares two objects by name. */
export const byName = (a: { name: string }, b: { name: string }): number => collator.compare(a.name, b.name);
