// `npm run cluster:local`: set up a fresh machine as `npm start` does, then run the
// launcher in this same process (so it is the one process to signal, and its children
// are bound to it).
// By path, not by name: on a fresh checkout this runs before npm install has linked
// @wolfpack/scripts (setup() installs it), like scripts/setup.mjs's test-requirements import.
import { setup } from '../../scripts/setup.mjs';

await setup();
// A computed specifier: the bundle is built by setup() above, not resolved before it runs.
await import(new URL('./dist/cluster-local.mjs', import.meta.url).href);
