import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isStale } from '@wolfpack/admin-sdk/build-freshness';
import type { SdkPacks } from './package-files.ts';

/*
 * The SDK tarballs a generated package installs from its vendor/ folder, packed from
 * this checkout by scripts/pack-sdks.mjs, again whenever an SDK's source is newer than
 * the packs (a few seconds), like the CLI's own bundle.
 */

interface PackScript {
  sdkPacksDir: string;
  packSources(): string[];
  packSdks(options: { quiet: boolean }): Promise<unknown>;
}

/** The folder holding the tarballs, and what sdk-packs.json says of them. */
export async function currentSdkPacks(): Promise<{ dir: string; packs: SdkPacks }> {
  // Resolved, then imported by URL: the script stays out of the CLI bundle and runs from the checkout.
  const script = createRequire(import.meta.url).resolve('@wolfpack/scripts/pack-sdks');
  const { sdkPacksDir, packSources, packSdks } = (await import(pathToFileURL(script).href)) as PackScript;
  const index = join(sdkPacksDir, 'sdk-packs.json');
  if (isStale(index, packSources())) await packSdks({ quiet: true });
  return { dir: sdkPacksDir, packs: JSON.parse(readFileSync(index, 'utf8')) as SdkPacks };
}
