// The one place tests reach the root's build script (scripts/ is the root workspace, no package to import by name).
import { buildAll, buildWorkspace } from '../../../scripts/build.mjs';

let built: Promise<void> | undefined;

/** Bundle the agents and resource types once per test run (fast: esbuild). */
export function buildOnce(): Promise<void> {
  built ??= buildAll({ quiet: true, strict: false });
  return built;
}

export { buildAll, buildWorkspace };
