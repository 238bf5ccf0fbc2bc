import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Wolfpack checkout this program runs from (bundles live in its dist/ folders). */
export function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'packages', 'engine', 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the Wolfpack repository root above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}
