// The one place tests reach the checkout's build script.
import { buildAll, buildWorkspace } from '@wolfpack/scripts/build';

let built: Promise<void> | undefined;

/** Bundle the agents and resource types once per test run (fast: esbuild). */
export function buildOnce(): Promise<void> {
  built ??= buildAll({ quiet: true, strict: false });
  return built;
}

export { buildAll, buildWorkspace };
