// Writes a brotli (.br) and a gzip (.gz) copy beside each built text file, once, at build
// time: the server's static plugin sends the one the browser accepts (preCompressed), so
// no request pays for compression and the best levels cost nothing at run time.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Plugin } from 'vite';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** Text the browser fetches; source maps are read only by developer tools, so they stay plain. */
const compressible = /\.(js|css|html|svg|json|txt)$/;
/** Below this a compressed copy saves less than its headers cost. */
const smallest = 1024;

/** Every file under dir, as paths. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** Writes name.br and name.gz beside each compressible file of dir; resolves to what it wrote. */
export async function precompress(dir: string): Promise<{ file: string; bytes: number }[]> {
  const written: { file: string; bytes: number }[] = [];
  for (const file of await filesUnder(dir)) {
    if (!compressible.test(file) || (await stat(file)).size < smallest) continue;
    const plain = await readFile(file);
    const br = await brotli(plain, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: plain.length },
    });
    const gz = await gzipped(plain, { level: 9 });
    // A copy no smaller than the file is no use; the server then sends the file itself.
    if (br.length < plain.length) {
      await writeFile(`${file}.br`, br);
      written.push({ file: `${file}.br`, bytes: br.length });
    }
    if (gz.length < plain.length) {
      await writeFile(`${file}.gz`, gz);
      written.push({ file: `${file}.gz`, bytes: gz.length });
    }
  }
  return written;
}

/** The Vite plugin: precompresses the output folder once the bundle is written. */
export function precompressPlugin(): Plugin {
  let outDir = 'dist';
  return {
    name: 'wolfpack-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      await precompress(outDir);
    },
  };
}
