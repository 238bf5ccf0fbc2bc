import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importViolations, rules } from '../import-boundaries.mjs';
import { importSpecifiers } from '../import-specifiers.mjs';

const checker = join(import.meta.dirname, '..', 'import-boundaries.mjs');

/** A checkout in miniature: the root package.json's workspaces, and each file's text. */
function writeTree(root: string, files: Record<string, string>): void {
  const workspaces = ['packages/*', 'packages/resource-types/*', 'apps/*', 'examples/*', 'scripts'];
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'fixture', workspaces }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

const manifest = (name: string) => JSON.stringify({ name });
const lines = (...texts: string[]) => `${texts.join('\n')}\n`;

// One workspace per role, and files that break each rule once (the line numbers are asserted).
const tree: Record<string, string> = {
  'packages/engine/package.json': manifest('@wolfpack/engine'),
  'packages/contracts/package.json': manifest('@wolfpack/contracts'),
  'packages/client/package.json': manifest('@wolfpack/client'),
  'packages/admin-sdk/package.json': manifest('@wolfpack/admin-sdk'),
  'packages/resource-sdk/package.json': manifest('@wolfpack/resource-sdk'),
  'packages/testing/package.json': manifest('@wolfpack/testing'),
  'packages/resource-types/chat-server/package.json': manifest('@wolfpack/type-chat-server'),
  'apps/server/package.json': manifest('@wolfpack/server'),
  'apps/console/package.json': manifest('@wolfpack/console'),
  'examples/greeting/package.json': manifest('wolfpack-type-greeting'),
  'scripts/package.json': manifest('@wolfpack/scripts'),
  // relative: into a sibling package, from a test into an app, by import(), from e2e (the root's own files)
  'packages/engine/src/uses-contracts.ts':
    "import { a } from './inside.ts';\nimport { b } from '../../contracts/src/b.ts';\n",
  'packages/engine/src/inside.ts': 'export const a = 1;\n',
  'packages/engine/test/reaches-server.test.ts':
    "import { x } from '../src/inside.ts';\n\nimport { s } from '../../../apps/server/test/harness.ts';\n",
  'packages/engine/src/dynamic.mjs': "const late = await import('../../../apps/console/src/late.mjs');\n",
  'e2e/tests/move.spec.ts':
    "import { c } from '../../apps/console/src/app.tsx';\nimport { t } from '../support/fixtures.ts';\n",
  // never taken for imports: a template's text, a message, a comment
  'packages/engine/src/template.ts': lines(
    "// import { q } from '../../client/src/q.ts';",
    "export const text = `import { z } from '../../contracts/src/z.ts';`;",
    'export const message = \'cannot import x from "../../../apps/server"\';',
  ),
  // packages never import apps
  'packages/engine/src/names-an-app.ts':
    "import { contracts } from '@wolfpack/contracts';\nexport { server } from '@wolfpack/server/routes';\n",
  // the console: contracts, admin SDK, client; tests may also take @wolfpack/testing
  'apps/console/src/app.tsx': lines(
    "import { client } from '@wolfpack/client';",
    "import { sdk } from '@wolfpack/admin-sdk';",
    "import { engine } from '@wolfpack/engine';",
    "import { chat } from '@wolfpack/testing/chat-client';",
  ),
  'apps/console/test/app.test.ts': "import { eventually } from '@wolfpack/testing/eventually';\n",
  // resource types: contracts, resource SDK, admin SDK; not the client, the console or the engine
  'packages/resource-types/chat-server/src/panel.tsx':
    "import { usePanel } from '@wolfpack/admin-sdk';\nimport { WolfpackClient } from '@wolfpack/client';\n",
  'examples/greeting/src/panel.tsx':
    "import { run } from '@wolfpack/resource-sdk';\nimport { Console } from '@wolfpack/console';\n",
  // apps and tools may name any workspace
  'apps/server/src/main.ts':
    "import { decide } from '@wolfpack/engine';\nimport { Console } from '@wolfpack/console';\n",
  // before npm install: allowed by path in this one file only
  'scripts/test.mjs': "import { required } from '../packages/testing/src/required.mjs';\n",
  'scripts/bench.mjs': "import { required } from '../packages/testing/src/required.mjs';\n",
};

const bootstrap = [{ file: 'scripts/test.mjs', specifier: '../packages/testing/src/required.mjs' }];

describe('import boundaries', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'import-boundaries-'));
    writeTree(root, tree);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reports each import that breaks a rule, with its file, line, target and rule, and nothing else', () => {
    const found = importViolations(root, bootstrap).map(({ file, line, specifier, into, rule }) => ({
      at: `${file}:${line}`,
      specifier,
      into,
      rule,
    }));
    expect(found).toEqual(
      [
        {
          at: 'packages/engine/src/uses-contracts.ts:2',
          specifier: '../../contracts/src/b.ts',
          into: 'packages/contracts',
          rule: rules.relative,
        },
        {
          at: 'packages/engine/test/reaches-server.test.ts:3',
          specifier: '../../../apps/server/test/harness.ts',
          into: 'apps/server',
          rule: rules.relative,
        },
        {
          at: 'packages/engine/src/dynamic.mjs:1',
          specifier: '../../../apps/console/src/late.mjs',
          into: 'apps/console',
          rule: rules.relative,
        },
        {
          at: 'e2e/tests/move.spec.ts:1',
          specifier: '../../apps/console/src/app.tsx',
          into: 'apps/console',
          rule: rules.relative,
        },
        {
          at: 'packages/engine/src/names-an-app.ts:2',
          specifier: '@wolfpack/server/routes',
          into: 'apps/server',
          rule: rules.apps,
        },
        {
          at: 'apps/console/src/app.tsx:3',
          specifier: '@wolfpack/engine',
          into: 'packages/engine',
          rule: rules.console,
        },
        {
          at: 'apps/console/src/app.tsx:4',
          specifier: '@wolfpack/testing/chat-client',
          into: 'packages/testing',
          rule: rules.console,
        },
        {
          at: 'packages/resource-types/chat-server/src/panel.tsx:2',
          specifier: '@wolfpack/client',
          into: 'packages/client',
          rule: rules.resourceTypes,
        },
        {
          at: 'examples/greeting/src/panel.tsx:2',
          specifier: '@wolfpack/console',
          into: 'apps/console',
          rule: rules.resourceTypes,
        },
        {
          at: 'scripts/bench.mjs:1',
          specifier: '../packages/testing/src/required.mjs',
          into: 'packages/testing',
          rule: rules.relative,
        },
      ].sort((a, b) => (a.at < b.at ? -1 : 1)),
    );
  });

  it('runs as a command: one line per violation, and exit code 1', () => {
    const run = spawnSync(process.execPath, [checker, root], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    // The fixture's scripts/test.mjs is not the checkout's: the command's own exception list does not cover it.
    expect(run.stdout).toContain(
      `scripts/test.mjs:1: '../packages/testing/src/required.mjs' (into packages/testing): ${rules.relative}`,
    );
    expect(run.stdout).toContain(
      `apps/console/src/app.tsx:3: '@wolfpack/engine' (into packages/engine): ${rules.console}`,
    );
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(/^import boundaries: 11 import\(s\) break the rule/);
  });

  // The checkout itself is checked by npm test's lint runner (scripts/lint.mjs), counted once there.
});

describe('importSpecifiers', () => {
  it('finds every form that names a module, on the line of its specifier', () => {
    const text = [
      'import a, {',
      '  b,',
      "} from '../x.ts';",
      "export * from './e.ts';",
      "import './side-effect.css';",
      "const late = await import('../late.mjs');",
      "const found = require.resolve('@wolfpack/engine/package.json');",
      "vi.mock('../mocked.ts');",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the scanned text's own template literal
      "const nested = `${require('./in-expression.cjs')}`;",
    ].join('\n');
    expect(importSpecifiers(text)).toEqual([
      { specifier: '../x.ts', line: 3 },
      { specifier: './e.ts', line: 4 },
      { specifier: './side-effect.css', line: 5 },
      { specifier: '../late.mjs', line: 6 },
      { specifier: '@wolfpack/engine/package.json', line: 7 },
      { specifier: '../mocked.ts', line: 8 },
      { specifier: './in-expression.cjs', line: 9 },
    ]);
  });

  it('does not take template text, strings, comments or regular expressions for imports', () => {
    const text = [
      "// import { q } from '../q.ts';",
      "/* import('../r.ts') */",
      "const template = `import { z } from '../z.ts';\\nrequire('../y.cjs')`;",
      'const message = \'cannot import a from "../m.ts"\';',
      "const quotes = /['\"]/g; const jsx = <p>Don't import it from '../p.ts'</p>;",
    ].join('\n');
    expect(importSpecifiers(text)).toEqual([]);
  });
});
