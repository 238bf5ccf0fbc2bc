import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lookUpUser, resourceUserVariable } from '@wolfpack/resource-sdk';
import { bundleForNode } from '@wolfpack/testing/build';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IsolatedModule } from '../../src/catalog/isolated-module.ts';
import { engineFileOf, sha256Of, writeModuleFile } from '../../src/catalog/module-files.ts';
import { isRunning, waitFor } from '../host/helpers.ts';

const here = dirname(fileURLToPath(import.meta.url));

// A registered module's validate() in its own child process: real processes, each limit
// overrun for real (a loop that never ends, a heap that keeps growing).

const context = { resource: 'R', group: 'G', providers: [] };
const root = process.getuid?.() === 0;

/** The stand-in server (fixtures/validate-server.ts) bundled once: node 20 runs no TypeScript. */
const serverDir = mkdtempSync(join(tmpdir(), 'wolfpack-validate-server-'));
let bundled: Promise<string> | undefined;
function validateServer(): Promise<string> {
  bundled ??= bundleForNode(join(here, 'fixtures', 'validate-server.ts'), join(serverDir, 'validate-server.mjs'));
  return bundled;
}
afterAll(() => rmSync(serverDir, { recursive: true, force: true }));

describe('an isolated module', () => {
  let dir: string;
  const opened: IsolatedModule[] = [];
  const moduleWith = (name: string, text: string, options?: ConstructorParameters<typeof IsolatedModule>[1]) => {
    const path = join(dir, `${name}.mjs`);
    writeFileSync(path, text);
    const module = new IsolatedModule(path, options);
    opened.push(module);
    return module;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wolfpack-isolated-'));
  });

  afterEach(() => {
    for (const module of opened.splice(0)) module.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs validate() in one long-lived process of its own', async () => {
    const module = moduleWith(
      'pid',
      `export default {
      validate() { return [{ path: 'private.Where', message: JSON.stringify({ pid: process.pid, imported: import.meta.url }) }]; },
      create() {},
    };`,
    );
    const [answer] = await module.validate({}, context);
    const seen = JSON.parse(answer!.message) as { pid: number; imported: string };
    expect(seen.pid).not.toBe(process.pid);
    // One long-lived child: a second call is answered by the same process.
    expect(JSON.parse((await module.validate({}, context))[0]!.message)).toMatchObject({ pid: seen.pid });
    // As another user it imported a copy it could read, removed once imported; else the file itself.
    const imported = fileURLToPath(seen.imported);
    expect(imported === module.path).toBe(!root);
    expect(existsSync(imported)).toBe(!root);
  });

  it("runs validate() as the resource user under a root server: it cannot read the server's environ or store, nor change its files", async () => {
    // A server's data dir as the registry and the store leave it: 0700, cluster.db 0600,
    // the module 0600 in 0700 folders; the server's code root's 0644 in a 0755 folder.
    chmodSync(dir, 0o711);
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir, { mode: 0o700 });
    const store = join(dataDir, 'cluster.db');
    writeFileSync(store, 'password hashes', { mode: 0o600 });
    const dist = join(dir, 'dist', 'server.mjs');
    mkdirSync(dirname(dist), { mode: 0o755 });
    writeFileSync(dist, '// the server', { mode: 0o644 });
    chmodSync(dist, 0o644);
    const text = `import { appendFileSync, readFileSync } from 'node:fs';
      const attempt = (action) => { try { return 'done: ' + String(action() ?? '').slice(0, 500); } catch (error) { return error.code ?? String(error); } };
      export default {
        validate(properties) {
          return [{ path: 'private.Seen', message: JSON.stringify({
            ppid: process.ppid, uid: process.getuid(), gid: process.getgid(), groups: process.getgroups(), env: Object.keys(process.env),
            environ: attempt(() => readFileSync('/proc/' + process.ppid + '/environ', 'utf8').split('\\0').filter((line) => line.startsWith('WOLFPACK_ADMIN')).join()),
            store: attempt(() => readFileSync(properties.Store, 'utf8')),
            dist: attempt(() => appendFileSync(properties.Dist, '// changed')),
          }) }];
        },
        create() {},
      };`;
    const moduleFile = engineFileOf(join(dataDir, 'server', 'types'), 'Probe', '1.0.0', sha256Of(text));
    writeModuleFile(moduleFile, text);
    // The secret in the server's environment from its start, where /proc/<pid>/environ shows it.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      WOLFPACK_ADMIN_PASSWORD: 'must not leak',
      SOME_SERVICE_SECRET: 'nor this',
    };
    delete env[resourceUserVariable];
    const server = spawn(
      process.execPath,
      [await validateServer(), moduleFile, JSON.stringify({ Store: store, Dist: dist })],
      { env, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    server.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    await new Promise((resolve) => server.once('close', resolve));
    const reply = JSON.parse(output) as { answer?: { message: string }[]; error?: string };
    expect(reply.error).toBeUndefined();
    const seen = JSON.parse(reply.answer![0]!.message) as {
      ppid: number;
      uid: number;
      gid: number;
      groups: number[];
      env: string[];
      environ: string;
      store: string;
      dist: string;
    };
    expect(seen.ppid).toBe(server.pid);
    expect(seen.env.filter((name) => name.startsWith('WOLFPACK_'))).toEqual([]);
    // Of the server's environment, only its search path and locale (an allow list).
    expect(seen.env.filter((name) => !['PATH', 'LANG', 'TZ'].includes(name))).toEqual([]);
    if (root) {
      // No supplementary group (Node lists the effective gid among them).
      const nobody = lookUpUser('nobody');
      expect({ uid: seen.uid, gid: seen.gid, groups: seen.groups }).toEqual({
        uid: nobody.uid,
        gid: nobody.gid,
        groups: [nobody.gid],
      });
      expect({ environ: seen.environ, store: seen.store, dist: seen.dist }).toEqual({
        environ: 'EACCES',
        store: 'EACCES',
        dist: 'EACCES',
      });
      expect(readFileSync(dist, 'utf8')).toBe('// the server');
    } else {
      // A server that is not root gives the child its own uid, and with it what the uid reads (docs/security.md).
      expect(seen.uid).toBe(process.getuid?.());
      expect(seen.environ).toContain('WOLFPACK_ADMIN_PASSWORD=must not leak');
    }
  });

  it('times each validate() from when the child starts it, not from when it was asked', async () => {
    const module = moduleWith(
      'slow',
      `export default {
      async validate(properties) { await new Promise((resolve) => setTimeout(resolve, properties.Ms)); return [{ path: 'private.Took', message: String(properties.Ms) }]; },
      create() {},
    };`,
      { timeoutMs: 1_500 },
    );
    await module.inspect();
    // Three at once, run one after another: the last ends 1.8 s after it was asked.
    const started = Date.now();
    const answers = await Promise.all([1, 2, 3].map(() => module.validate({ Ms: 600 }, context)));
    expect(answers.map(([answer]) => answer!.message)).toEqual(['600', '600', '600']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_800);
  });

  it('ends a child that code left running between calls keeps from starting the next one', async () => {
    // setImmediate: the loop spins right after this reply, before it reads the next request.
    const module = moduleWith(
      'left',
      `export default {
      validate(properties) { if (properties.Leave) setImmediate(() => { for (;;) {} }); return []; },
      create() {},
    };`,
      { timeoutMs: 500 },
    );
    expect(await module.validate({ Leave: true }, context)).toEqual([]);
    await expect(module.validate({}, context)).rejects.toThrow(
      'validate() did not start within 0.5 s: its process was busy outside any call',
    );
    expect(await module.validate({}, context)).toEqual([]);
  });

  it('kills a validate() that never returns, and answers the next call from a fresh child', async () => {
    const module = moduleWith(
      'loop',
      `export default {
      validate(properties) { while (properties.Spin) {} return []; },
      create() {},
    };`,
      { timeoutMs: 500 },
    );
    const started = Date.now();
    await expect(module.validate({ Spin: true }, context)).rejects.toThrow('validate() did not finish within 0.5 s');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await module.validate({ Spin: false }, context)).toEqual([]);
  });

  it('ends a child whose heap outgrows its limit', async () => {
    const module = moduleWith(
      'hungry',
      `export default {
      validate() { const kept = []; for (;;) kept.push(new Array(100000).fill({ a: 1 })); },
      create() {},
    };`,
      { maxHeapMb: 32, timeoutMs: 30_000 },
    );
    await expect(module.validate({}, context)).rejects.toThrow('its process ran out of memory (limit 32 MB)');
  });

  it('says why a module cannot be imported: top-level code that throws or hangs, no create()', async () => {
    await expect(moduleWith('throws', 'throw new Error("no licence key");').inspect()).rejects.toThrow(
      'no licence key',
    );
    await expect(
      moduleWith('hangs', 'for (;;) {}\nexport default { create() {} };', { timeoutMs: 500 }).inspect(),
    ).rejects.toThrow('importing it did not finish within 0.5 s');
    await expect(moduleWith('empty', 'export const x = 1;').inspect()).rejects.toThrow('exports no create() function');
    expect(await moduleWith('plain', 'export default { create() {} };').inspect()).toEqual({ validate: false });
  });

  it('dies with the server: a kill -9 of the server during a validate() that never returns leaves no child', async () => {
    // The server as a real process of its own (fixtures/validate-server.ts).
    const server = await validateServer();
    const moduleFile = join(dir, 'spin.mjs');
    // Records its pid, then holds the child's only thread: fd 3 closing goes unnoticed.
    writeFileSync(
      moduleFile,
      `import { writeFileSync } from 'node:fs';
      export default { validate(properties) { writeFileSync(properties.PidFile, String(process.pid)); for (;;) {} }, create() {} };`,
    );
    // Where the child, the resource user under a root server, may write.
    chmodSync(dir, 0o711);
    const drop = join(dir, 'drop');
    mkdirSync(drop);
    chmodSync(drop, 0o777);
    const pidFile = join(drop, 'child.pid');
    const parent = spawn(process.execPath, [server, moduleFile, JSON.stringify({ PidFile: pidFile })], {
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => parent.once('exit', resolve));
    try {
      await waitFor(
        'the validate child records its pid',
        () => existsSync(pidFile) && readFileSync(pidFile, 'utf8') !== '',
        10_000,
      );
      const child = Number(readFileSync(pidFile, 'utf8'));
      expect(child).not.toBe(parent.pid);
      expect(isRunning(child)).toBe(true);
      parent.kill('SIGKILL');
      await exited;
      const goneAfter = await waitFor(
        "the validate child is gone after the server's kill -9",
        () => !isRunning(child),
        1_000,
      );
      console.log(`validate child gone ${goneAfter} ms after the server's kill -9`);
    } finally {
      parent.kill('SIGKILL');
      if (existsSync(pidFile)) {
        try {
          process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
        } catch {
          // Gone, as it should be.
        }
      }
    }
  });
});
