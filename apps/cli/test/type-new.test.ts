import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Value } from '@sinclair/typebox/value';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as jsxRuntime from 'react/jsx-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as adminSdk from '@wolfpack/admin-sdk';
import { panelHostGlobal } from '@wolfpack/admin-sdk/host-modules';
import { ResourceTypeManifest, type ResourceContext, type ResourceTypeModule } from '@wolfpack/contracts';
import { repositoryRoot } from '@wolfpack/testing/repository';
import { runCli, startCluster, temporaryHome, type CliCluster } from './harness.ts';

/*
 * `wolfpack type new`, the Resource Type AppWizard, as a developer meets it: the package
 * is written to a temp folder outside this repository, installed from the npm registry
 * and its vendor/ SDK tarballs, and its own `npm test` and `npm run build` must pass as
 * generated. Reading its input (specs, refusals, a terminal's questions): type-new-input.test.ts.
 * Over 300 lines as one file: the first describe's tests all read one scaffolded project
 * installed once from the npm registry, and the second's --prefer-offline install reuses
 * the npm cache that one filled; cut apart, each part would pay an install of its own.
 */

const installTimeoutMs = 300_000;

/** Runs a command to its end in `cwd`; stdout and stderr together, as a person would read them. */
function run(
  command: string,
  args: string[],
  cwd: string,
  timeoutMs = installTimeoutMs,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Every file under `dir` but node_modules, relative. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix)).flatMap((name) => {
    const path = join(prefix, name);
    if (name === 'node_modules') return [];
    return statSync(join(dir, path)).isDirectory() ? filesUnder(dir, path) : [path];
  });
}

const workspace = mkdtempSync(join(tmpdir(), 'wolfpack-type-new-'));
// As a project folder would be: a node running as root runs the app as a uid of its resource's own, which must read it.
chmodSync(workspace, 0o755);
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

/** The first capture of `pattern` in the lines seen so far, once there is one. */
async function lineMatching(lines: string[], pattern: RegExp, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = lines.map((line) => pattern.exec(line)?.[1]).find((capture) => capture !== undefined);
    if (found !== undefined) return found;
    if (Date.now() > deadline)
      throw new Error(
        `no line matching ${pattern} within ${timeoutMs} ms; the last lines:\n${lines.slice(-30).join('\n')}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a scaffolded type with a supervised process, installed, tested and built outside the repository', () => {
  const dir = join(workspace, 'echo-server');
  // The generated example app, which follows its parameters through app/cluster.mjs.
  const example = join(dir, 'app', 'example.mjs');
  let install: { code: number | null; output: string };

  beforeAll(async () => {
    const created = await runCli(
      [
        'type',
        'new',
        'Echo Server',
        '--dir',
        dir,
        '--param',
        'MaxUser:integer:1..10=10',
        '--param',
        'Greeting:string=Hello',
        '--param',
        'Verbose:boolean=false',
        '--param',
        'Ratio:number',
        '--process',
        `"${process.execPath}" "${example}"`,
        '--depends',
        'IP Address,Network Name,Disk',
      ],
      { timeoutMs: 120_000 },
    );
    expect(created.code, created.stderr).toBe(0);
    install = await run('npm', ['install', '--no-audit', '--no-fund'], dir);
  }, installTimeoutMs + 120_000);

  it('writes the manifest from the params: schema with bounds and defaults, dependencies, entry points, consoleApi', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ResourceTypeManifest;
    expect(Value.Errors(ResourceTypeManifest, manifest).First()).toBeUndefined();
    expect(manifest).toMatchObject({
      name: 'Echo Server',
      version: '1.0.0',
      propertySchema: {
        type: 'object',
        properties: {
          MaxUser: { type: 'integer', minimum: 1, maximum: 10, default: 10 },
          Greeting: { type: 'string', default: 'Hello' },
          Verbose: { type: 'boolean', default: false },
          Ratio: { type: 'number' },
        },
        required: ['Ratio'],
        additionalProperties: false,
      },
      requiredDependencies: ['IP Address', 'Network Name', 'Disk'],
      entryPoints: { engine: 'dist/engine.mjs', panel: 'dist/panel.mjs' },
      consoleApi: '^1.1.0',
    });
    expect(manifest.propertySchema.properties.Ratio).not.toHaveProperty('default');
  });

  it('installs, with the SDKs from its own vendor/ tarballs and nothing from this repository', () => {
    expect(install.code, install.output).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const wolfpack = Object.entries({ ...manifest.dependencies, ...manifest.devDependencies }).filter(([name]) =>
      name.startsWith('@wolfpack/'),
    );
    expect(wolfpack.map(([name]) => name).sort()).toEqual([
      '@wolfpack/admin-sdk',
      '@wolfpack/client',
      '@wolfpack/contracts',
      '@wolfpack/resource-sdk',
    ]);
    // The app's client: the standalone bundle, its one import socket.io-client from the registry.
    expect(manifest.dependencies['@wolfpack/client']).toBeDefined();
    expect(existsSync(join(dir, 'node_modules', 'socket.io-client', 'package.json'))).toBe(true);
    for (const [name, spec] of wolfpack) {
      expect(spec, name).toMatch(/^file:vendor\/wolfpack-[a-z-]+-\d+\.\d+\.\d+\.tgz$/);
      expect(existsSync(join(dir, spec.slice('file:'.length))), spec).toBe(true);
      // Unpacked into node_modules, not linked to a workspace folder.
      expect(lstatSync(join(dir, 'node_modules', name)).isSymbolicLink(), name).toBe(false);
    }
    for (const file of filesUnder(dir).filter((path) => !path.endsWith('.tgz'))) {
      expect(readFileSync(join(dir, file), 'utf8'), file).not.toContain(repositoryRoot);
    }
  });

  it('passes its own npm test as generated: type-check, the engine with its real process, the panel in happy-dom', async () => {
    const result = await run('npm', ['test'], dir);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/test\/engine\.test\.ts \(\d+ tests?\)/);
    expect(result.output).toMatch(/test\/panel\.test\.tsx \(\d+ tests?\)/);
    expect(result.output).not.toMatch(/failed|skipped/i);
  }, 180_000);

  it('builds with npm run build: one self-contained engine module that runs the process, and a panel that takes React from the console', async () => {
    const result = await run('npm', ['run', 'build'], dir);
    expect(result.code, result.output).toBe(0);
    const engineText = readFileSync(join(dir, 'dist', 'engine.mjs'), 'utf8');
    expect(engineText).not.toMatch(/from ['"]@wolfpack\//);
    expect(
      [...engineText.matchAll(/^import .* from ['"]([^'"]+)['"]/gm)]
        .map((match) => match[1])
        .every((specifier) => specifier!.startsWith('node:')),
    ).toBe(true);
    const panelText = readFileSync(join(dir, 'dist', 'panel.mjs'), 'utf8');
    expect(panelText).not.toMatch(/^import /m);
    expect(panelText).toContain(panelHostGlobal);
    // Loaded as the console loads it: on the console's React and SDK, found on the host global.
    (globalThis as Record<string, unknown>)[panelHostGlobal] = {
      apiVersion: adminSdk.consoleApiVersion,
      modules: {
        react: React,
        'react-dom': ReactDOM,
        'react/jsx-runtime': jsxRuntime,
        '@wolfpack/admin-sdk': adminSdk,
      },
    };
    try {
      const panel = (await import(pathToFileURL(join(dir, 'dist', 'panel.mjs')).href)).default as adminSdk.PanelModule;
      expect(typeof panel.Parameters).toBe('function');
      expect(panel.wizardPages?.map((page) => page.title)).toEqual(['Echo Server']);
      expect(panel.wizardPages?.[0]?.validate?.({ MaxUser: 10 })).toEqual([
        { path: 'Ratio', message: 'Ratio is required' },
      ]);
    } finally {
      delete (globalThis as Record<string, unknown>)[panelHostGlobal];
    }

    // The built module, as an agent would run it: the process it starts is real.
    const engine = (await import(pathToFileURL(join(dir, 'dist', 'engine.mjs')).href)).default as ResourceTypeModule;
    expect(
      engine.validate?.(
        { MaxUser: 10, Greeting: 'two\nlines', Verbose: false, Ratio: 1 },
        { resource: 'Echo', group: 'G', providers: [] },
      ),
    ).toEqual([{ path: 'private.Greeting', message: 'Greeting must be one line (no line breaks)' }]);
    const logs: string[] = [];
    const stateDir = join(workspace, 'echo-state');
    mkdirSync(stateDir);
    const context: ResourceContext = {
      cluster: 'INS_CLUS',
      node: 'OSDB_SERV',
      group: 'ECHO_GROUP',
      resource: 'Echo',
      type: 'Echo Server',
      epoch: 1,
      properties: { MaxUser: 10, Greeting: 'Hello', Verbose: false, Ratio: 0.5 },
      providers: [
        { name: 'Echo IP Address', type: 'IP Address', properties: { Address: '127.0.0.85', PrefixLength: 32 } },
        { name: 'Echo Disk', type: 'Disk', properties: { Path: join(workspace, 'echo-disk') } },
      ],
      stateDir,
      dataDir: stateDir,
      log: (message) => logs.push(message),
      reportFailure: () => {},
      publish: () => {},
    };
    const instance = engine.create(context);
    await instance.online();
    const pid = Number(/started process (\d+)/.exec(logs.join('\n'))?.[1]);
    try {
      // setpriv (pdeathsig) execs the command in the same process: wait for the exec. While
      // the kernel swaps the image, the command line reads empty (seen under load in CI).
      const commandLine = () => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const execPending = () => {
        const program = commandLine()[0]!;
        return program === '' || program.endsWith('setpriv');
      };
      const deadline = Date.now() + 10_000;
      while (execPending() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      const [program, ...args] = commandLine();
      expect(program).toBe(process.execPath);
      expect(args).toEqual([example, '']);
      expect(readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')).toEqual(
        expect.arrayContaining([
          'WOLFPACK_PARAM_MaxUser=10',
          'WOLFPACK_RESOURCE=Echo',
          'WOLFPACK_IP_ADDRESS=127.0.0.85',
          `WOLFPACK_DISK_PATH=${join(workspace, 'echo-disk')}`,
        ]),
      );
      expect(await instance.looksAlive()).toBe(true);
      // No cluster API in this context (no clusterApi): the app says so and types WOLFPACK_PARAM_* by the manifest.
      const fallback = await lineMatching(
        logs,
        /WOLFPACK_URL is not set: .* Parameters from WOLFPACK_PARAM_\*: (\{.*\})$/,
        20_000,
      );
      expect(JSON.parse(fallback)).toEqual({ MaxUser: 10, Greeting: 'Hello', Verbose: false, Ratio: 0.5 });
    } finally {
      await instance.offline();
    }
    expect(existsSync(`/proc/${pid}`)).toBe(false);
  }, 180_000);

  it('has a README on the commands, the parameters, the process and registering', () => {
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(readme).toContain('npm install\nnpm test');
    expect(readme).toContain('| MaxUser | integer | 1..10 | `10` |');
    expect(readme).toContain('`WOLFPACK_PARAM_MaxUser`');
    expect(readme).toContain('WOLFPACK_URL');
    expect(readme).toContain("import { followParameters } from './cluster.mjs';");
    expect(readme).not.toContain('<!--');
    expect(readme).toContain('wolfpack type register .');
  });

  it('runs as a resource of a real cluster: its app reads its parameters at start and logs a change made with @wolfpack/client', async () => {
    const home = temporaryHome();
    let seed: CliCluster | undefined;
    try {
      seed = await startCluster();
      const registered = await runCli(['type', 'register', dir], {
        env: { ...home.env, WOLFPACK_URL: seed.url, WOLFPACK_TOKEN: seed.token },
        timeoutMs: 180_000,
      });
      expect(registered.code, registered.stderr).toBe(0);
      expect(registered.stdout).toMatch(/^Registered resource type Echo Server 1\.0\.0/);
      // In the seed's SOCKET_GROUP, on the paper's IP Address, Network Name and Disk (its required dependencies).
      await seed.admin.resources.create({
        name: 'Echo',
        group: 'SOCKET_GROUP',
        resourceType: 'Echo Server',
        dependencies: ['Chat IP Address', 'Chat Network Name', 'Chat Disk'],
        private: { Ratio: 0.25 },
      });
      await seed.admin.resources.online('Echo');
      // The app's stdout reaches the owner node's log, which the launcher prints.
      const lines = seed.cluster.output;
      const atStart = await lineMatching(lines, /Echo: parameters at start: (\{.*\})$/, 60_000);
      expect(JSON.parse(atStart)).toEqual({ MaxUser: 10, Greeting: 'Hello', Verbose: false, Ratio: 0.25 });
      expect(lines.join('\n')).not.toContain('WOLFPACK_URL is not set');
      const started = lines.filter((line) => / started process \d+/.test(line));

      await seed.admin.resources.setProperties('Echo', { private: { MaxUser: 7, Greeting: 'Hi' } });
      expect(await lineMatching(lines, /Echo: parameters changed: (.*)$/, 30_000)).toBe(
        'MaxUser 10 → 7, Greeting "Hello" → "Hi"',
      );
      // Followed by the running app, not read again by a restarted one.
      expect(lines.filter((line) => / started process \d+/.test(line))).toEqual(started);
    } finally {
      await seed?.cluster.stop();
      home.remove();
    }
  }, 300_000);
});

describe('a scaffolded type with no parameters and no process', () => {
  it(
    'installs, passes its own tests and builds',
    async () => {
      const dir = join(workspace, 'bare');
      const created = await runCli(['type', 'new', 'Bare Type', '--dir', dir], { timeoutMs: 120_000 });
      expect(created.code, created.stderr).toBe(0);
      expect(created.stdout).toContain(`Created resource type "Bare Type" in ${dir}:`);
      expect(created.stdout).toContain(`Next: cd ${dir} && npm install && npm test && npm run build`);
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ResourceTypeManifest;
      expect(manifest).toMatchObject({
        name: 'Bare Type',
        propertySchema: { properties: {} },
        requiredDependencies: [],
      });
      // No process, no app: neither the client nor app/ (nor socket.io-client to install).
      expect(readdirSync(join(dir, 'vendor')).some((file) => file.startsWith('wolfpack-client-'))).toBe(false);
      expect(readFileSync(join(dir, 'package.json'), 'utf8')).not.toContain('@wolfpack/client');
      expect(existsSync(join(dir, 'app'))).toBe(false);
      for (const [command, args] of [
        ['npm', ['install', '--no-audit', '--no-fund', '--prefer-offline']],
        ['npm', ['test']],
        ['npm', ['run', 'build']],
      ] as const) {
        const result = await run(command, [...args], dir);
        expect(result.code, `${command} ${args.join(' ')}\n${result.output}`).toBe(0);
      }
      expect(existsSync(join(dir, 'dist', 'engine.mjs')) && existsSync(join(dir, 'dist', 'panel.mjs'))).toBe(true);
    },
    installTimeoutMs,
  );
});
