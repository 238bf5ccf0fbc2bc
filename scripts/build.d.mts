/** Bundle every workspace's runnable entry points (see build.mjs). */
export function buildAll(options?: { quiet?: boolean; strict?: boolean }): Promise<void>;
/** Bundle one workspace's entry points (the folder holding its package.json). */
export function buildWorkspace(dir: string): Promise<void>;
