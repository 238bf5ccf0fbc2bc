/** What the console bundle is made of: its own sources and the workspace packages it bundles. */
export declare const consoleSources: string[];
/** True when dist/ is missing or older than a source. */
export declare function consoleIsStale(): boolean;
/**
 * Builds the console if it is missing or stale (or always, with force). Resolves to
 * whether it built. outDir: another folder than dist/, always built (a test's own copy).
 */
export declare function buildConsole(options?: { force?: boolean; quiet?: boolean; outDir?: string }): Promise<boolean>;
