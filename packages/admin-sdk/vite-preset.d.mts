import type { InlineConfig, Plugin } from 'vite';
/** The Vite plugin that binds react, react-dom, react/jsx-runtime and @wolfpack/admin-sdk to the console's instances. */
export declare function consoleSharedModules(): Plugin;
/** A Vite config that builds one panel module (library mode, one ES module file). */
export declare function panelBuildConfig(options: {
  entry: string;
  outDir: string;
  fileName?: string;
  root?: string;
  minify?: boolean;
}): InlineConfig;
