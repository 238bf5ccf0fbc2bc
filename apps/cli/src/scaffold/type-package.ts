import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { engineSource } from './engine-template.ts';
import { engineTestSource } from './engine-test-template.ts';
import { appClusterSource, appExampleSource } from './app-template.ts';
import {
  gitignore,
  manifestJson,
  packageJson,
  tsconfigJson,
  vendoredPackages,
  viteConfig,
  vitestConfig,
  type SdkPacks,
} from './package-files.ts';
import { panelSource, panelTestSource } from './panel-template.ts';
import { readmeSource } from './readme-template.ts';
import type { TypeSpec } from './type-spec.ts';
import { usageError } from '../exit-codes.ts';

/* The whole generated package, as text by path, and writing it to its folder. */

export function typePackageFiles(spec: TypeSpec, packs: SdkPacks): Record<string, string> {
  return {
    'manifest.json': manifestJson(spec),
    'package.json': packageJson(spec, packs),
    'README.md': readmeSource(spec),
    'tsconfig.json': tsconfigJson,
    'vite.config.mjs': viteConfig,
    'vitest.config.mjs': vitestConfig,
    '.gitignore': gitignore,
    'src/engine.ts': engineSource(spec),
    'src/panel.tsx': panelSource(spec),
    'test/engine.test.ts': engineTestSource(spec),
    'test/panel.test.tsx': panelTestSource(spec),
    ...(spec.process ? { 'app/cluster.mjs': appClusterSource(spec), 'app/example.mjs': appExampleSource(spec) } : {}),
  };
}

/** Refuses a folder that exists and holds anything (or is a file): nothing of the user's is overwritten. */
export function checkTargetFolder(dir: string): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw usageError(`--dir ${dir}: exists and is not a folder`);
  const entries = readdirSync(dir);
  if (entries.length > 0)
    throw usageError(
      `--dir ${dir}: the folder is not empty (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}, e.g. ${entries[0]}); choose a new or empty folder`,
    );
}

/** Writes the files and copies the SDK tarballs it uses into vendor/; returns the paths written, relative to `dir`. */
export function writeTypePackage(
  dir: string,
  spec: TypeSpec,
  files: Record<string, string>,
  packsDir: string,
  packs: SdkPacks,
): string[] {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  mkdirSync(join(dir, 'vendor'), { recursive: true });
  const tarballs = vendoredPackages(spec)
    .map((name) => packs.packages[name])
    .map((file) => {
      copyFileSync(join(packsDir, file), join(dir, 'vendor', file));
      return `vendor/${file}`;
    });
  return [...Object.keys(files), ...tarballs];
}
