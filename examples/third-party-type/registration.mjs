// The example type as POST /api/v1/resource-types wants it: { manifest, engineModule,
// panelModule }, each module one ES module file's text. Tests register it at run time.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPackagePanels } from '@wolfpack/admin-sdk/build-panels';

export const exampleDir = dirname(fileURLToPath(import.meta.url));

/**
 * The registration body of the example type, built first when needed. Variants:
 * 'working' (Greeting Server), 'broken' (Broken Greeting Server: its panel throws while
 * rendering), 'incompatible' (Future Greeting Server: its manifest needs console API ^2).
 */
export async function exampleRegistration({ variant = 'working' } = {}) {
  await buildPackagePanels(exampleDir, { quiet: true });
  const manifestFile = variant === 'broken' ? 'manifest.broken.json' : 'manifest.json';
  const manifest = JSON.parse(readFileSync(join(exampleDir, manifestFile), 'utf8'));
  if (variant === 'incompatible') Object.assign(manifest, { name: 'Future Greeting Server', consoleApi: '^2.0.0' });
  return {
    manifest,
    engineModule: readFileSync(join(exampleDir, manifest.entryPoints.engine), 'utf8'),
    panelModule: readFileSync(join(exampleDir, manifest.entryPoints.panel), 'utf8'),
  };
}
