import type { ParameterSpec, TypeSpec } from './type-spec.ts';

/*
 * The files of a generated type package that are configuration, not code: its
 * manifest.json (what the cluster registers), package.json (scripts and dependencies:
 * the SDKs from vendor/ tarballs, the rest from the npm registry), and the tool configs.
 */

type VendoredPackage = '@wolfpack/contracts' | '@wolfpack/resource-sdk' | '@wolfpack/admin-sdk' | '@wolfpack/client';

/**
 * The SDKs a package installs from vendor/. The client only with a process: the app that
 * process runs is its one user (app/cluster.mjs), and the others are spared socket.io-client.
 */
export function vendoredPackages(spec: TypeSpec): VendoredPackage[] {
  return [
    '@wolfpack/contracts',
    '@wolfpack/resource-sdk',
    '@wolfpack/admin-sdk',
    ...(spec.process ? (['@wolfpack/client'] as const) : []),
  ];
}

/** The SDK tarballs (file names in vendor/) and the registry ranges of the public tools. */
export interface SdkPacks {
  packages: Record<VendoredPackage, string>;
  registry: Record<string, string>;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** A parameter's JSON Schema, as the manifest declares it. */
function propertySchemaOf(parameter: ParameterSpec): Record<string, unknown> {
  const range =
    parameter.minimum !== undefined && parameter.maximum !== undefined
      ? ` ${parameter.minimum}..${parameter.maximum}`
      : parameter.minimum !== undefined
        ? ` at least ${parameter.minimum}`
        : parameter.maximum !== undefined
          ? ` at most ${parameter.maximum}`
          : '';
  return {
    type: parameter.kind,
    ...(parameter.minimum !== undefined ? { minimum: parameter.minimum } : {}),
    ...(parameter.maximum !== undefined ? { maximum: parameter.maximum } : {}),
    ...(parameter.default !== undefined ? { default: parameter.default } : {}),
    description: `${parameter.name} (${parameter.kind}${range})`,
  };
}

export function manifestJson(spec: TypeSpec): string {
  const required = spec.parameters
    .filter((parameter) => parameter.default === undefined)
    .map((parameter) => parameter.name);
  return json({
    name: spec.name,
    version: '1.0.0',
    description: spec.process
      ? `${spec.name}: runs ${spec.process.command} under Wolfpack's supervision`
      : `${spec.name}: a Wolfpack resource type`,
    propertySchema: {
      type: 'object',
      properties: Object.fromEntries(spec.parameters.map((parameter) => [parameter.name, propertySchemaOf(parameter)])),
      ...(required.length > 0 ? { required } : {}),
      additionalProperties: false,
    },
    controlCodes: [],
    requiredDependencies: spec.requiredDependencies,
    entryPoints: { engine: 'dist/engine.mjs', panel: 'dist/panel.mjs' },
    consoleApi: '^1.1.0',
  });
}

export function packageJson(spec: TypeSpec, packs: SdkPacks): string {
  const vendor = (name: keyof SdkPacks['packages']) => `file:vendor/${packs.packages[name]}`;
  const registry = (names: string[]) => Object.fromEntries(names.map((name) => [name, packs.registry[name] ?? '*']));
  return json({
    name: `wolfpack-type-${spec.kebabName}`,
    version: '1.0.0',
    private: true,
    type: 'module',
    description: `Wolfpack resource type "${spec.name}": engine module and console panel`,
    scripts: {
      // The engine is one self-contained ES module (the resource SDK inlined), as the cluster stores it.
      build:
        'esbuild src/engine.ts --bundle --platform=node --target=node20 --format=esm --outfile=dist/engine.mjs --log-level=warning && vite build',
      test: 'tsc --noEmit && vitest run',
    },
    dependencies: {
      '@wolfpack/contracts': vendor('@wolfpack/contracts'),
      '@wolfpack/resource-sdk': vendor('@wolfpack/resource-sdk'),
      // What app/cluster.mjs connects with: the standalone client, socket.io-client its one dependency.
      ...(spec.process ? { '@wolfpack/client': vendor('@wolfpack/client') } : {}),
    },
    devDependencies: {
      '@wolfpack/admin-sdk': vendor('@wolfpack/admin-sdk'),
      ...registry([
        '@testing-library/dom',
        '@testing-library/react',
        '@types/node',
        '@types/react',
        '@types/react-dom',
        'esbuild',
        'happy-dom',
        'react',
        'react-dom',
        'typescript',
        'vite',
        'vitest',
      ]),
    },
    // npm runs no install script it was not told to; esbuild's checks its native binary.
    allowScripts: { esbuild: true },
  });
}

export const tsconfigJson = json({
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2023', 'DOM', 'DOM.Iterable'],
    module: 'ESNext',
    moduleResolution: 'Bundler',
    jsx: 'react-jsx',
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    isolatedModules: true,
    verbatimModuleSyntax: true,
    allowImportingTsExtensions: true,
    types: ['node'],
    // app/*.mjs (with --process) are plain JavaScript with JSDoc types: npm test checks them too.
    allowJs: true,
    checkJs: true,
  },
  include: ['src', 'test', 'app'],
});

/** The panel build: the admin SDK's preset, so the panel uses the console's React and SDK at run time. */
export const viteConfig = `// \`vite build\` writes dist/panel.mjs with the admin SDK's preset: react and the SDK are
// not bundled; the console provides its own instances when it loads the panel.
import { panelBuildConfig } from '@wolfpack/admin-sdk/vite-preset';

export default panelBuildConfig({ root: import.meta.dirname, entry: 'src/panel.tsx', outDir: 'dist' });
`;

/** Tests get their own config: the panel preset would swap React for the console's, which tests have not. */
export const vitestConfig = `import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['test/**/*.test.{ts,tsx}'], testTimeout: 20_000 },
});
`;

export const gitignore = 'node_modules/\ndist/\n';
