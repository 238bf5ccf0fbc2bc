// The build preset for panel modules: Vite library mode, one ES module file, with react,
// react-dom, react/jsx-runtime and @wolfpack/admin-sdk left out of the bundle and taken
// from the console at run time (see host-modules.mjs and README.md).
import { createRequire } from 'node:module';
import { panelHostGlobal, sdkExportNames, sharedSpecifiers } from './host-modules.mjs';

const require = createRequire(import.meta.url);
const virtualPrefix = '\0wolfpack-console:';
const identifier = /^[A-Za-z_$][\w$]*$/;

/** The names a shared module exports, so a panel's named imports bind at build time. */
function exportNamesOf(specifier) {
  if (specifier === '@wolfpack/admin-sdk') return sdkExportNames;
  // The console's React is the same major version the SDK declares as its peer.
  return Object.keys(require(specifier)).filter((name) => identifier.test(name) && name !== 'default');
}

/** The module text standing for one shared module: it reads the console's instance from the global. */
function sharedModuleSource(specifier) {
  const names = exportNamesOf(specifier);
  const where = `globalThis[${JSON.stringify(panelHostGlobal)}]`;
  return [
    `const host = ${where};`,
    `const shared = host && host.modules && host.modules[${JSON.stringify(specifier)}];`,
    `if (!shared) throw new Error(${JSON.stringify(`This panel module runs inside the Wolfpack console, which provides "${specifier}" on globalThis.${panelHostGlobal}; it was loaded without it.`)});`,
    'export default shared.default ?? shared;',
    names.length > 0 ? `export const { ${names.join(', ')} } = shared;` : '',
  ].join('\n');
}

/**
 * The Vite plugin that binds react, react-dom, react/jsx-runtime and @wolfpack/admin-sdk
 * to the console's instances: a panel never bundles its own React (two Reacts break hooks)
 * and shares the console's SDK context.
 */
export function consoleSharedModules() {
  return {
    name: 'wolfpack-console-shared-modules',
    enforce: 'pre',
    resolveId(source) {
      return sharedSpecifiers.includes(source) ? `${virtualPrefix}${source}` : null;
    },
    load(id) {
      return id.startsWith(virtualPrefix) ? sharedModuleSource(id.slice(virtualPrefix.length)) : null;
    },
  };
}

/**
 * A Vite config (for a vite.config.mjs, or `vite.build({ configFile: false, ...config })`) that
 * builds one panel module.
 * @param {{ entry: string, outDir: string, fileName?: string, root?: string, minify?: boolean }} options
 *   entry: the panel's source (e.g. src/panel.tsx); outDir: where panel.mjs goes (not emptied).
 * @returns {import('vite').InlineConfig}
 */
export function panelBuildConfig({ entry, outDir, fileName = 'panel.mjs', root, minify = true }) {
  return {
    root,
    mode: 'production',
    logLevel: 'warn',
    publicDir: false,
    plugins: [consoleSharedModules()],
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    // Production JSX whatever NODE_ENV says: the console offers react/jsx-runtime, not the dev runtime.
    oxc: { jsx: { runtime: 'automatic', importSource: 'react', development: false } },
    build: {
      lib: { entry, formats: ['es'], fileName: () => fileName },
      outDir,
      // The type's dist/ also holds its engine bundle.
      emptyOutDir: false,
      copyPublicDir: false,
      minify,
      sourcemap: false,
      target: 'es2022',
      reportCompressedSize: false,
      rolldownOptions: { output: { codeSplitting: false } },
    },
  };
}
