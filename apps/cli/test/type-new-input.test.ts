import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResourceTypeManifest } from '@wolfpack/contracts';
import { parseParameter, splitCommand } from '../src/scaffold/type-spec.ts';
import { bin, runCli } from './harness.ts';

/*
 * `wolfpack type new`, the Resource Type AppWizard, reading what a developer gives it:
 * parameter specs, bad input (exit 2, naming what is wrong, writing nothing) and the
 * questions it asks on a terminal. What it writes, installed, tested and built, is
 * type-new.test.ts's.
 */

const workspace = mkdtempSync(join(tmpdir(), 'wolfpack-type-new-input-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe('parameter specs', () => {
  it('reads NAME:TYPE[:MIN..MAX][=DEFAULT]', () => {
    expect(parseParameter('MaxUser:integer:1..10=10')).toEqual({
      name: 'MaxUser',
      kind: 'integer',
      minimum: 1,
      maximum: 10,
      default: 10,
    });
    expect(parseParameter('Ratio:number:..0.5')).toEqual({ name: 'Ratio', kind: 'number', maximum: 0.5 });
    expect(parseParameter('Greeting:string=Hello: world=1')).toEqual({
      name: 'Greeting',
      kind: 'string',
      default: 'Hello: world=1',
    });
    expect(parseParameter('Verbose:boolean=true')).toEqual({ name: 'Verbose', kind: 'boolean', default: true });
    expect(parseParameter('ShareName:string')).toEqual({ name: 'ShareName', kind: 'string' });
  });

  it('splits --process as a shell would, without expanding anything', () => {
    expect(splitCommand(`/usr/bin/chatd --motd "Hello world" --name 'a b' x\\ y $HOME`)).toEqual({
      command: '/usr/bin/chatd',
      args: ['--motd', 'Hello world', '--name', 'a b', 'x y', '$HOME'],
    });
  });
});

describe('wolfpack type new: bad input exits 2, names what is wrong, and writes nothing', () => {
  const refusals: Array<[string, string[], RegExp]> = [
    [
      'a range upside down',
      ['--param', 'MaxUser:integer:10..1=5'],
      /^--param "MaxUser:integer:10\.\.1=5": the minimum 10 is above the maximum 1\n$/,
    ],
    [
      'an unknown type',
      ['--param', 'MaxUser:int'],
      /--param "MaxUser:int": the type "int" must be one of string, integer, number, boolean/,
    ],
    [
      'a default outside the range',
      ['--param', 'MaxUser:integer:1..10=11'],
      /--param "MaxUser:integer:1\.\.10=11": default 11 is above the maximum 10/,
    ],
    ['a fractional integer', ['--param', 'MaxUser:integer:1..10=2.5'], /default "2\.5" is not an integer/],
    ['a name with a space', ['--param', 'Max User:integer'], /the name "Max User" must start with a letter/],
    [
      'a boolean default that is not one',
      ['--param', 'Verbose:boolean=yes'],
      /a boolean default must be true or false, not "yes"/,
    ],
    [
      'a range on a string',
      ['--param', 'Name:string:1..3'],
      /a MIN\.\.MAX range applies to integer and number parameters only, not string/,
    ],
    ['no type at all', ['--param', 'MaxUser'], /expected NAME:TYPE\[:MIN\.\.MAX\]\[=DEFAULT\]/],
    [
      'a parameter given twice',
      ['--param', 'Port:integer=1', '--param', 'port:integer=2'],
      /--param port: given twice/,
    ],
    [
      'a dependency that is not a type name',
      ['--depends', 'IP Address,/etc'],
      /--depends "IP Address,\/etc": "\/etc" is not a resource type name/,
    ],
    [
      'an unclosed quote in --process',
      ['--process', `chatd 'hello`],
      /--process "chatd 'hello": the ' quote is not closed/,
    ],
  ];

  it.each(refusals)('%s', async (_, flags, message) => {
    const dir = join(workspace, 'refused');
    const result = await runCli(['type', 'new', 'Echo Server', '--dir', dir, ...flags]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
    expect(existsSync(dir)).toBe(false);
  });

  it('a name of a built-in type, in any case', async () => {
    for (const name of ['Chat Server', 'ip address']) {
      const dir = join(workspace, 'built-in');
      const result = await runCli(['type', 'new', name, '--dir', dir, '--param', 'MaxUser:integer:1..10=10']);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(/is a built-in resource type; choose another name/);
      expect(existsSync(dir)).toBe(false);
    }
  });

  it('a folder that is not empty, left as it was', async () => {
    const dir = join(workspace, 'taken');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const result = await runCli(['type', 'new', 'Echo Server', '--dir', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `--dir ${dir}: the folder is not empty (1 entry, e.g. notes.txt); choose a new or empty folder\n`,
    );
    expect(readdirSync(dir)).toEqual(['notes.txt']);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('no name, and no terminal to ask it on', async () => {
    const result = await runCli(['type', 'new', '--dir', join(workspace, 'nameless')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/missing the type name/);
    expect(existsSync(join(workspace, 'nameless'))).toBe(false);
  });
});

describe('on a terminal, with no flags, it asks the same questions', () => {
  it('asks name, folder, parameters (again after a bad one), process and dependencies, then writes the package', async () => {
    const dir = join(workspace, 'asked');
    mkdirSync(dir);
    // `script` gives the command a pseudo-terminal, as a person's shell would.
    const child = spawn(
      'script',
      ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} type new`, '/dev/null'],
      { cwd: dir, env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let screen = '';
    child.stdout.on('data', (chunk: Buffer) => (screen += chunk.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    /** Waits for the `count`-th prompt `prompt`, then types the answer. */
    const answer = async (prompt: string, count: number, text: string) => {
      const deadline = Date.now() + 60_000;
      while (screen.split(prompt).length - 1 < count) {
        if (Date.now() > deadline) throw new Error(`no prompt "${prompt}" (#${count}) on the screen:\n${screen}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      child.stdin.write(`${text}\r`);
    };
    try {
      await answer('Type name: ', 1, 'Chat Server');
      await answer('Type name: ', 2, 'Asked Type');
      await answer('Folder [./asked-type]: ', 1, '');
      await answer('  parameter: ', 1, 'MaxUser:integer:1..10=10');
      await answer('  parameter: ', 2, 'MaxUser:integer:1..10=11');
      await answer('  parameter: ', 3, 'Greeting:string=Hi');
      await answer('  parameter: ', 4, '');
      await answer('Process to supervise', 1, 'sleep 600');
      await answer('Required dependencies', 1, 'IP Address, Disk');
      expect(await closed, screen).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
    expect(screen).toContain('"Chat Server" is a built-in resource type');
    expect(screen).toContain('default 11 is above the maximum 10');
    const manifest = JSON.parse(readFileSync(join(dir, 'asked-type', 'manifest.json'), 'utf8')) as ResourceTypeManifest;
    expect(manifest).toMatchObject({
      name: 'Asked Type',
      propertySchema: {
        properties: {
          MaxUser: { type: 'integer', minimum: 1, maximum: 10, default: 10 },
          Greeting: { type: 'string', default: 'Hi' },
        },
      },
      requiredDependencies: ['IP Address', 'Disk'],
    });
    expect(readFileSync(join(dir, 'asked-type', 'src', 'engine.ts'), 'utf8')).toContain("const command = 'sleep';");
  }, 120_000);
});
