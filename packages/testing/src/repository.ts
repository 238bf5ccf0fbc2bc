import { join } from 'node:path';

/** The checkout this package sits in (packages/testing/src → the root): where bundles are built and run from. */
export const repositoryRoot = join(import.meta.dirname, '..', '..', '..');
