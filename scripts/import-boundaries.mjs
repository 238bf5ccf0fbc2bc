// The import-boundary rule (docs/architecture.md, "Lint and format"): a workspace is entered
// only by its package name, packages never import apps, and the console and the resource types
// import only what the architecture gives them. `node scripts/import-boundaries.mjs [ROOT]`
// prints one line per import that breaks it (file:line, the import, the rule) and exits 1 if any.
// Biome's noRestrictedImports matches import text only: whether `../../x` leaves its workspace
// is known once the path is resolved against the workspaces, which is what this does.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importSpecifiers } from './import-specifiers.mjs';

export const rules = {
  relative: 'a relative import must stay inside its workspace: import another workspace by its package name',
  apps: 'packages never import apps',
  console: 'the console imports only @wolfpack/contracts, @wolfpack/admin-sdk and @wolfpack/client',
  resourceTypes:
    'a resource type imports only @wolfpack/contracts, @wolfpack/resource-sdk and, of the console, @wolfpack/admin-sdk',
};

// Test-only packages any workspace's tests may take (and the console's and the types' sources never do).
const testOnly = ['@wolfpack/testing', '@wolfpack/test-requirements'];
const allowed = {
  console: ['@wolfpack/contracts', '@wolfpack/admin-sdk', '@wolfpack/client'],
  resourceTypes: ['@wolfpack/contracts', '@wolfpack/resource-sdk', '@wolfpack/admin-sdk'],
};

// These run before npm install has linked the workspaces (a fresh checkout's `npm test`, `npm start`
// and `npm run cluster:local` set the machine up first), so each reaches one plain module by path.
export const beforeInstall = [
  { file: 'scripts/setup.mjs', specifier: '../packages/test-requirements/src/requirements.mjs' },
  { file: 'scripts/test.mjs', specifier: '../packages/test-requirements/src/requirements.mjs' },
  { file: 'apps/cluster-local/start.mjs', specifier: '../../scripts/setup.mjs' },
];

const sourceFile = /\.(?:ts|tsx|mts|cts|js|mjs|cjs)$/;
const skippedFolders = new Set(['node_modules', 'dist', '.tmp', '.git', 'data', 'coverage']);

const posix = (path) => path.split(sep).join('/');

/** What a workspace is, from where it sits: 'app', 'resource-type', 'package' or 'tool'. */
function roleOf(dir) {
  if (dir.startsWith('apps/')) return 'app';
  if (dir.startsWith('packages/resource-types/') || dir.startsWith('examples/')) return 'resource-type';
  if (dir.startsWith('packages/')) return 'package';
  return 'tool';
}

/** The workspaces of the root package.json (`dir/*` globs expanded): `{ dir, name, role }`, deepest first. */
export function readWorkspaces(root) {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const dirs = [];
  for (const entry of manifest.workspaces ?? []) {
    if (!entry.endsWith('/*')) dirs.push(entry);
    else {
      const parent = entry.slice(0, -2);
      if (!existsSync(join(root, parent))) continue;
      for (const child of readdirSync(join(root, parent), { withFileTypes: true })) {
        if (child.isDirectory()) dirs.push(`${parent}/${child.name}`);
      }
    }
  }
  return dirs
    .filter((dir) => existsSync(join(root, dir, 'package.json')))
    .map((dir) => ({
      dir,
      name: JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')).name,
      role: roleOf(dir),
    }))
    .sort((a, b) => b.dir.length - a.dir.length);
}

/** The workspace a repository path (posix, relative to the root) belongs to; undefined for the root's own files. */
function workspaceOf(workspaces, path) {
  return workspaces.find((workspace) => path === workspace.dir || path.startsWith(`${workspace.dir}/`));
}

/** Every source file under `root` (relative, posix), skipping dependencies, bundles and data. */
export function sourceFiles(root, dir = '') {
  const files = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!skippedFolders.has(entry.name)) files.push(...sourceFiles(root, path));
    } else if (sourceFile.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}

/** A test file: under a test/ or e2e/ folder, or named *.test.* / *.spec.*. */
const isTest = (path) => /(?:^|\/)(?:test|e2e)\//.test(path) || /\.(?:test|spec)\.[a-z]+$/.test(path);

/** The workspace package a bare specifier names (`@wolfpack/engine/testing` → @wolfpack/engine), if any. */
function namedWorkspace(workspaces, specifier) {
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return workspaces.find((workspace) => workspace.name === name);
}

/** The rule one import of `file` breaks, or undefined. */
function brokenRule(workspaces, root, file, { specifier }) {
  const from = workspaceOf(workspaces, file);
  if (specifier.startsWith('.')) {
    const target = posix(relative(root, resolve(root, dirname(file), specifier)));
    const into = workspaceOf(workspaces, target);
    const leaves = target.startsWith('../') || into !== from;
    return leaves
      ? { rule: rules.relative, into: target.startsWith('../') ? 'outside the repository' : (into?.dir ?? 'the root') }
      : undefined;
  }
  const named = namedWorkspace(workspaces, specifier);
  if (!from || !named || named === from) return undefined;
  if (from.dir.startsWith('packages/') && named.role === 'app') return { rule: rules.apps, into: named.dir };
  const granted = (list) => list.includes(named.name) || (isTest(file) && testOnly.includes(named.name));
  if (from.dir === 'apps/console' && !granted(allowed.console)) return { rule: rules.console, into: named.dir };
  if (from.role === 'resource-type' && !granted(allowed.resourceTypes))
    return { rule: rules.resourceTypes, into: named.dir };
  return undefined;
}

/**
 * Every import under `root` that breaks the rule: `{ file, line, specifier, rule, into }`.
 * `exceptions` are the `{ file, specifier }` pairs allowed to (beforeInstall unless given).
 */
export function importViolations(root, exceptions = beforeInstall) {
  const workspaces = readWorkspaces(root);
  const excepted = (file, specifier) => exceptions.some((one) => one.file === file && one.specifier === specifier);
  const violations = [];
  for (const file of sourceFiles(root)) {
    for (const found of importSpecifiers(readFileSync(join(root, file), 'utf8'))) {
      if (excepted(file, found.specifier)) continue;
      const broken = brokenRule(workspaces, root, file, found);
      if (broken) violations.push({ file, line: found.line, specifier: found.specifier, ...broken });
    }
  }
  return violations.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}

/** One violation as the line the check prints. */
export const describeViolation = ({ file, line, specifier, rule, into }) =>
  `${file}:${line}: '${specifier}' (into ${into}): ${rule}`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  const violations = importViolations(root);
  for (const violation of violations) console.log(describeViolation(violation));
  const files = sourceFiles(root).length;
  console.log(`import boundaries: ${violations.length} import(s) break the rule, in ${files} source files`);
  process.exit(violations.length === 0 ? 0 : 1);
}
