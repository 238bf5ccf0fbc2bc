import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IsolatedModule } from '../../src/types/isolated-module.ts';
import { isRunning, waitFor } from '../host/helpers.ts';

const here = dirname(fileURLToPath(import.meta.url));

// A registered module's validate() in its own child process: real processes, each limit
// overrun for real (a loop that never ends, a heap that keeps growing).

const context = { resource: 'R', group: 'G', providers: [] };

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

  it('runs validate() in another process that sees none of this one\'s secrets', async () => {
    process.env.WOLFPACK_ADMIN_PASSWORD = 'must not leak';
    try {
      const module = moduleWith('pid', `export default {
        validate() { return [{ path: 'private.Where', message: JSON.stringify({ pid: process.pid, env: Object.keys(process.env) }) }]; },
        create() {},
      };`);
      const [answer] = await module.validate({}, context);
      const seen = JSON.parse(answer!.message) as { pid: number; env: string[] };
      expect(seen.pid).not.toBe(process.pid);
      expect(seen.env.filter((name) => name.startsWith('WOLFPACK_'))).toEqual([]);
      // One long-lived child: a second call is answered by the same process.
      expect(JSON.parse((await module.validate({}, context))[0]!.message)).toMatchObject({ pid: seen.pid });
    } finally {
      delete process.env.WOLFPACK_ADMIN_PASSWORD;
    }
  });

  it('kills a validate() that never returns, and answers the next call from a fresh child', async () => {
    const module = moduleWith('loop', `export default {
      validate(properties) { while (properties.Spin) {} return []; },
      create() {},
    };`, { timeoutMs: 500 });
    const started = Date.now();
    await expect(module.validate({ Spin: true }, context)).rejects.toThrow('validate() did not finish within 0.5 s');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await module.validate({ Spin: false }, context)).toEqual([]);
  });

  it('ends a child whose heap outgrows its limit', async () => {
    const module = moduleWith('hungry', `export default {
      validate() { const kept = []; for (;;) kept.push(new Array(100000).fill({ a: 1 })); },
      create() {},
    };`, { maxHeapMb: 32, timeoutMs: 30_000 });
    await expect(module.validate({}, context)).rejects.toThrow('its process ran out of memory (limit 32 MB)');
  });

  it('says why a module cannot be imported: top-level code that throws or hangs, no create()', async () => {
    await expect(moduleWith('throws', 'throw new Error("no licence key");').inspect()).rejects.toThrow('no licence key');
    await expect(moduleWith('hangs', 'for (;;) {}\nexport default { create() {} };', { timeoutMs: 500 }).inspect()).rejects.toThrow('importing it did not finish within 0.5 s');
    await expect(moduleWith('empty', 'export const x = 1;').inspect()).rejects.toThrow('exports no create() function');
    expect(await moduleWith('plain', 'export default { create() {} };').inspect()).toEqual({ validate: false });
  });

  it('dies with the server: a kill -9 of the server during a validate() that never returns leaves no child', async () => {
    // The server as a real process of its own (fixtures/validate-server.ts, bundled: node 20 runs no TypeScript).
    const server = join(dir, 'validate-server.mjs');
    const esbuild = await import('esbuild');
    await esbuild.build({ entryPoints: [join(here, 'fixtures', 'validate-server.ts')], outfile: server, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'silent' });
    const moduleFile = join(dir, 'spin.mjs');
    // Records its pid, then holds the child's only thread: fd 3 closing goes unnoticed.
    writeFileSync(moduleFile, `import { writeFileSync } from 'node:fs';
      export default { validate(properties) { writeFileSync(properties.PidFile, String(process.pid)); for (;;) {} }, create() {} };`);
    const pidFile = join(dir, 'child.pid');
    const parent = spawn(process.execPath, [server, moduleFile, pidFile], { stdio: 'ignore' });
    const exited = new Promise((resolve) => parent.once('exit', resolve));
    try {
      await waitFor('the validate child records its pid', () => existsSync(pidFile) && readFileSync(pidFile, 'utf8') !== '', 10_000);
      const child = Number(readFileSync(pidFile, 'utf8'));
      expect(child).not.toBe(parent.pid);
      expect(isRunning(child)).toBe(true);
      parent.kill('SIGKILL');
      await exited;
      const goneAfter = await waitFor('the validate child is gone after the server\'s kill -9', () => !isRunning(child), 1_000);
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
