import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Bundles this package's entry points (as scripts/build.mjs does) so the engine, run from
 * src, finds dist/chat-process.mjs. Only this package: another workspace's half-written
 * bundle must not break these tests.
 */
export async function buildChatServer(): Promise<void> {
  const esbuild = await import('esbuild');
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    wolfpack: { bundles: Record<string, string> };
  };
  await Promise.all(
    Object.entries(manifest.wolfpack.bundles).map(([out, src]) =>
      esbuild.build({
        entryPoints: [join(packageDir, src)],
        outfile: join(packageDir, out),
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'esm',
        sourcemap: 'linked',
        banner: {
          js: "import { createRequire as __wolfpackRequire } from 'node:module'; const require = __wolfpackRequire(import.meta.url);",
        },
        logLevel: 'error',
      }),
    ),
  );
}
