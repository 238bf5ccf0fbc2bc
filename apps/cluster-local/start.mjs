// `npm run cluster:local`: set up a fresh machine as `npm start` does, then run the
// launcher in this same process (so it is the one process to signal, and its children
// are bound to it).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root, setup } from '../../scripts/setup.mjs';

await setup();
await import(pathToFileURL(join(root, 'apps', 'cluster-local', 'dist', 'cluster-local.mjs')).href);
