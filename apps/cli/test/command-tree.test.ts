import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { everyEndpoint } from '@wolfpack/contracts';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { endpointsCalledBy } from '../src/command-endpoints.ts';
import { buildProgram } from '../src/program.ts';
import { repositoryRoot } from '../../../e2e/support/cluster.ts';
import { runCli } from './harness.ts';

/*
 * "Every REST endpoint has a command": the grammar declares the endpoints each command
 * calls; this walks the endpoint table against it. Also the parts a user meets without
 * a cluster: --version, bad arguments, the completion script, the bundle rebuilding itself.
 */

/** Endpoints that may lack a command for now, and why. */
const notYet: Record<string, string> = {};

function commandsOf(command: Command, path: string[] = []): { path: string; command: Command }[] {
  return command.commands.flatMap((sub) => [{ path: [...path, sub.name()].join(' '), command: sub }, ...commandsOf(sub, [...path, sub.name()])]);
}

const cliDir = join(import.meta.dirname, '..');
const actionSources = readdirSync(join(cliDir, 'src', 'actions')).map((name) => readFileSync(join(cliDir, 'src', 'actions', name), 'utf8')).join('\n');

describe('every REST endpoint has a command', () => {
  const commands = commandsOf(buildProgram());
  const declared = new Set(commands.flatMap(({ command }) => endpointsCalledBy(command)));

  it.each(everyEndpoint().map(({ family, name, endpoint }) => [`${family}.${name}`, `${endpoint.method} ${endpoint.path}`]))('%s (%s)', (key) => {
    if (key in notYet) return expect(declared.has(key as never), `${key} now has a command: drop it from notYet`).toBe(false);
    expect(declared, `no wolfpack command declares ${key}: add one (commands/*.ts, calls(…, '${key}'))`).toContain(key);
  });

  it('each declaration names a real endpoint, and its action really calls it', () => {
    const known = new Set(everyEndpoint().map(({ family, name }) => `${family}.${name}`));
    for (const { path, command } of commands) {
      for (const key of endpointsCalledBy(command)) {
        expect(known, `wolfpack ${path} declares ${key}`).toContain(key);
        expect(actionSources, `wolfpack ${path} declares ${key} but no action calls client.${key}(…)`).toContain(`.${key}(`);
      }
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
    for (const args of [['group', 'move'], ['group', 'fly', 'SOCKET_GROUP'], ['events', '--limit', 'lots'], ['node', 'list', 'extra']]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr).toMatch(/^error: /);
      expect(result.stdout).toBe('');
    }
  });

  it('a server that is not running exits 1 and says how to start it', async () => {
    const { freeTcpPort } = await import('../../../e2e/support/ports.ts');
    const port = await freeTcpPort();
    const result = await runCli(['status'], { env: { WOLFPACK_URL: `http://127.0.0.1:${port}`, WOLFPACK_TOKEN: 'wpk_unused' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`cannot reach http://127.0.0.1:${port}: connection refused. Is \`npm start\` running?\n`);
  });

  it('completion bash completes commands, subcommands and their options', async () => {
    const result = await runCli(['completion', 'bash']);
    expect(result.code).toBe(0);
    const complete = (words: string[]) => completions(result.stdout, words);
    expect(await complete(['wolfpack', 'gr'])).toEqual(['group']);
    expect(await complete(['wolfpack', 'group', 'm'])).toEqual(['move']);
    expect(await complete(['wolfpack', '--url', 'http://x', 'group', 'move', 'SOCKET_GROUP', '--d'])).toEqual(['--dry-run']);
    expect(await complete(['wolfpack', 'resource', 's'])).toEqual(['show', 'set']);
  });

  it('rebuilds its bundle when it is missing (a fresh checkout after npm install)', async () => {
    // A copy of the CLI beside the real packages, so the real dist/ (which other runs may
    // be using or building right now) is left alone.
    const checkout = mkdtempSync(join(tmpdir(), 'wolfpack-cli-checkout-'));
    try {
      const copy = join(checkout, 'apps', 'cli');
      for (const part of ['bin', 'src', 'package.json']) cpSync(join(cliDir, part), join(copy, part), { recursive: true });
      for (const shared of ['packages', 'scripts', 'node_modules']) symlinkSync(join(repositoryRoot, shared), join(checkout, shared));
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
  const output = execFileSync('bash', ['-c', `${script}\nCOMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _wolfpack; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
  return output.split('\n').filter(Boolean);
}
