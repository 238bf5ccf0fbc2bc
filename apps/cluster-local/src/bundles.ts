import { createRequire } from 'node:module';
import type { scripts } from './topology.ts';

// topology's scripts are the image's paths (docker-compose.yml); on this machine each is
// found through its package's exports, from src/ and from a bundle in some dist/ alike.
const bundles: Record<keyof typeof scripts, string> = {
  wolfpackd: '@wolfpack/wolfpackd/bundle',
  server: '@wolfpack/server/bundle',
  seed: '@wolfpack/cluster-local/dist/wolfpack-seed.mjs',
  etcdCertificates: '@wolfpack/cluster-local/dist/etcd-certificates.mjs',
};

/** Where a script of `scripts` is on this machine (built by scripts/build.mjs). */
export function bundlePath(script: keyof typeof scripts): string {
  return createRequire(import.meta.url).resolve(bundles[script]);
}
