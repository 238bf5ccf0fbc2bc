import { buildAll } from '../../../../scripts/build.mjs';

let built: Promise<void> | undefined;

/** Bundle the agents and resource types once per test run (fast: esbuild). */
export function buildOnce(): Promise<void> {
  built ??= buildAll({ quiet: true, strict: false });
  return built;
}
