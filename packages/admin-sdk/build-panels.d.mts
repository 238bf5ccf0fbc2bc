/** One panel module to build. */
export interface PanelJob {
  dir: string;
  entry: string;
  outDir: string;
  fileName: string;
}
/** The panel modules of the repository: built-in types' src/panel.tsx and the third-party example. */
export declare function panelJobs(root?: string): PanelJob[];
/** Builds the panel modules (and the example's engine module) that are missing or stale; resolves to the files written. */
export declare function buildPanels(options?: { root?: string; force?: boolean; quiet?: boolean }): Promise<string[]>;
