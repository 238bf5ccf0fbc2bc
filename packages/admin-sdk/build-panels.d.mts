/** One panel module to build. */
export interface PanelJob {
  dir: string;
  entry: string;
  outDir: string;
  fileName: string;
}
export interface PanelBuildOptions {
  force?: boolean;
  quiet?: boolean;
}
/** One package's panel modules: src/<name>panel.tsx → dist/<name>panel.mjs. */
export declare function packagePanelJobs(dir: string): PanelJob[];
/** The panel modules of a repository (default: the working folder): its resource types' and examples'. */
export declare function panelJobs(root?: string): PanelJob[];
/** Builds a repository's panel modules (and its examples' engine modules) that are missing or stale; resolves to the files written. */
export declare function buildPanels(options?: PanelBuildOptions & { root?: string }): Promise<string[]>;
/** Builds one package's panel modules (and its engine module unless scripts/build.mjs bundles it) that are missing or stale. */
export declare function buildPackagePanels(dir: string, options?: PanelBuildOptions): Promise<string[]>;
