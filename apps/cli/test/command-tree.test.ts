import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { everyEndpoint } from '@wolfpack/contracts';
import { describe, expect, it } from 'vitest';
import { implementationOf } from '../src/action.ts';
import { commandsOf, endpointsCalledBy } from '../src/command-endpoints.ts';
import { seconds } from '../src/commands/options.ts';
import { buildProgram } from '../src/program.ts';
import { repositoryRoot } from '@wolfpack/testing/repository';
import { runCli } from './harness.ts';

/*
 * "Every REST endpoint has a command": the grammar declares the endpoints each command
 * calls; this walks the endpoint table against it. Also the parts a user meets without
 * a cluster: --version, bad arguments, the completion script, the bundle rebuilding itself.
 */

/** Endpoints that may lack a command for now, and why. */
const notYet: Record<string, string> = {};

const cliDir = join(import.meta.dirname, '..');
const actionSource = (file: string) => readFileSync(join(cliDir, 'src', 'actions', file), 'utf8');
// `.tokens.create(`, also when the formatter breaks the chain: `session.tokens\n    .create(`.
const callOf = (key: string) => new RegExp(`\\.${key.split('.').join('\\s*\\.')}\\(`);

describe('every REST endpoint has a command', () => {
  const commands = commandsOf(buildProgram());
  const declared = new Set(commands.flatMap(({ command }) => endpointsCalledBy(command)));

  it.each(
    everyEndpoint().map(({ family, name, endpoint }) => [`${family}.${name}`, `${endpoint.method} ${endpoint.path}`]),
  )('%s (%s)', (key) => {
    if (key in notYet)
      return expect(declared.has(key as never), `${key} now has a command: drop it from notYet`).toBe(false);
    expect(declared, `no wolfpack command declares ${key}: add one (commands/*.ts, calls(…, '${key}'))`).toContain(key);
  });

  it("each declaration names a real endpoint, and the command's own actions file calls it", () => {
    const known = new Set(everyEndpoint().map(({ family, name }) => `${family}.${name}`));
    for (const { path, command } of commands) {
      const keys = endpointsCalledBy(command);
      if (keys.length === 0) continue;
      const implementation = implementationOf(command);
      expect(
        implementation,
        `wolfpack ${path} declares ${keys.join(', ')} but runs no actions file (use runs(…))`,
      ).toBeDefined();
      const source = actionSource(implementation!.file);
      for (const key of keys) {
        expect(known, `wolfpack ${path} declares ${key}`).toContain(key);
        expect(
          source,
          `wolfpack ${path} declares ${key} but src/actions/${implementation!.file} never calls client.${key}(…)`,
        ).toMatch(callOf(key));
      }
    }
  });

  it("each command runs an export of the actions file it names, loaded by that file's own import", async () => {
    for (const { path, command } of commands) {
      const implementation = implementationOf(command);
      if (!implementation) continue;
      const named = (await import(join(cliDir, 'src', 'actions', implementation.file))) as Record<string, unknown>;
      expect(
        await implementation.load(),
        `wolfpack ${path}: the loader of ${implementation.file} imports another file`,
      ).toBe(named);
      expect(
        typeof named[implementation.name],
        `wolfpack ${path}: ${implementation.file} exports no ${implementation.name}`,
      ).toBe('function');
    }
  });
});

describe('without a server', () => {
  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(cliDir, 'package.json'), 'utf8')) as { version: string };
    const result = await runCli(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('bad arguments exit 2 with one line from the parser, no stack trace', async () => {
    for (const args of [
      ['group', 'move'],
      ['group', 'fly', 'SOCKET_GROUP'],
      ['events', '--limit', 'lots'],
      ['node', 'list', 'extra'],
    ]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr).toMatch(/^error: /);
      expect(result.stdout).toBe('');
    }
  });

  it('--timeout above a day is refused by the parser (exit 2 naming it), not left to overflow setTimeout', async () => {
    const result = await runCli(['group', 'move', 'SOCKET_GROUP', '--wait', '--timeout', '3000000'], {
      env: { WOLFPACK_URL: 'http://127.0.0.1:9', WOLFPACK_TOKEN: 'wpk_unused' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error: option '--timeout <seconds>' argument '3000000' is invalid\. must be a number of seconds above 0, at most 86400 \(a day\)\.\n$/,
    );
    expect(result.stderr).not.toContain('TimeoutOverflowWarning');
    expect(seconds('86400')).toBe(86_400);
    expect(seconds('0.05')).toBe(0.05);
    for (const text of ['86401', '0', '-1', 'soon']) expect(() => seconds(text), text).toThrow(/at most 86400/);
  });

  it('a server that is not running exits 1 and says how to start it', async () => {
    const { freeTcpPort } = await import('@wolfpack/testing/ports');
    const port = await freeTcpPort();
    const result = await runCli(['status'], {
      env: { WOLFPACK_URL: `http://127.0.0.1:${port}`, WOLFPACK_TOKEN: 'wpk_unused' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `cannot reach http://127.0.0.1:${port}: connection refused. Is \`npm start\` running?\n`,
    );
  });

  it('completion bash completes commands, subcommands and their options', async () => {
    const result = await runCli(['completion', 'bash']);
    expect(result.code).toBe(0);
    const complete = (words: string[]) => completions(result.stdout, words);
    expect(await complete(['wolfpack', 'gr'])).toEqual(['group']);
    expect(await complete(['wolfpack', 'group', 'm'])).toEqual(['move']);
    expect(await complete(['wolfpack', '--url', 'http://x', 'group', 'move', 'SOCKET_GROUP', '--d'])).toEqual([
      '--dry-run',
    ]);
    expect(await complete(['wolfpack', 'resource', 's'])).toEqual(['show', 'set']);
  });

  it('rebuilds its bundle when it is missing (a fresh checkout after npm install)', async () => {
    // A copy of the CLI beside the real packages, so the real dist/ (which other runs may
    // be using or building right now) is left alone.
    const checkout = mkdtempSync(join(tmpdir(), 'wolfpack-cli-checkout-'));
    try {
      const copy = join(checkout, 'apps', 'cli');
      for (const part of ['bin', 'src', 'package.json'])
        cpSync(join(cliDir, part), join(copy, part), { recursive: true });
      for (const shared of ['packages', 'scripts', 'node_modules'])
        symlinkSync(join(repositoryRoot, shared), join(checkout, shared));
      const result = await runCli(['--help'], { bin: join(copy, 'bin', 'wolfpack.mjs') });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('Usage: wolfpack');
      expect(existsSync(join(copy, 'dist', 'main.mjs'))).toBe(true);
    } finally {
      rmSync(checkout, { recursive: true, force: true });
    }
  });
});

/** What bash completes for `words` (the last one is being typed) with the script sourced. */
async function completions(script: string, words: string[]): Promise<string[]> {
  const { execFileSync } = await import('node:child_process');
  const quoted = words.map((word) => `'${word}'`).join(' ');
  const output = execFileSync(
    'bash',
    [
      '-c',
      `${script}\nCOMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _wolfpack; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    { encoding: 'utf8' },
  );
  return output.split('\n').filter(Boolean);
}
