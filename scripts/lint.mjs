// `npm run lint`: Biome's format and lint checks (biome.jsonc; warnings count) and the
// import-boundary rule (import-boundaries.mjs), both run whatever the first finds; exits 1 if
// either finds a problem. `--report FILE` also writes what `npm test` counts (countLint in
// test-counts.mjs): `{ checks: [{ name, problems: ['file:line: …'] }] }`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeViolation, importViolations, sourceFiles } from './import-boundaries.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Biome's check, its findings shown as Biome shows them and read back from its JSON report. */
function biomeCheck() {
  const scratch = mkdtempSync(join(tmpdir(), 'wolfpack-lint-'));
  const file = join(scratch, 'biome.json');
  try {
    const reporters = ['--reporter=default', '--reporter=json', `--reporter-file=${file}`];
    const run = spawnSync('npx', ['biome', 'check', '--error-on-warnings', ...reporters], {
      cwd: root,
      stdio: 'inherit',
    });
    if (!existsSync(file)) return [`biome exited with ${run.status ?? run.signal} and wrote no report`];
    const { diagnostics } = JSON.parse(readFileSync(file, 'utf8'));
    const problems = diagnostics.map(({ category, message, location }) => {
      const line = location?.start?.line;
      const at = location?.path ? `${location.path}${line ? `:${line}` : ''}` : '(no file)';
      return `${at}: ${category}: ${category === 'format' ? 'not formatted (npm run format)' : message}`;
    });
    if (run.status !== 0 && problems.length === 0) problems.push(`biome exited with ${run.status ?? run.signal}`);
    return problems;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function importBoundaries() {
  const problems = importViolations(root).map(describeViolation);
  for (const line of problems) console.log(line);
  console.log(
    `import boundaries: ${problems.length} import(s) break the rule, in ${sourceFiles(root).length} source files`,
  );
  return problems;
}

const checks = [
  { name: 'biome check (format and lint)', problems: biomeCheck() },
  { name: 'import boundaries', problems: importBoundaries() },
];
const reportAt = process.argv.indexOf('--report');
if (reportAt > 0) writeFileSync(process.argv[reportAt + 1], JSON.stringify({ checks }));
process.exit(checks.every((check) => check.problems.length === 0) ? 0 : 1);
