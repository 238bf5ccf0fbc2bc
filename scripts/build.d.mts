/** Bundle every workspace's runnable entry points (see build.mjs). */
export function buildAll(options?: { quiet?: boolean; strict?: boolean }): Promise<void>;
