import { sampleProperties, stringParameters } from './engine-template.ts';
import { sourceLiteral as literal } from './source-literal.ts';
import type { TypeSpec } from './type-spec.ts';

/*
 * test/engine.test.ts of a generated type: the engine module driven as an agent drives it
 * (validate, and online/offline; with `--process`, its process started and stopped for real).
 */

const lineBreakTest = (spec: TypeSpec) => {
  const [name] = stringParameters(spec);
  if (name === undefined) return '';
  return `
  it('refuses a ${name} with a line break, naming the field', () => {
    expect(engine.validate?.({ ...properties, ${name}: 'two\\nlines' }, validation)).toEqual([
      { path: 'private.${name}', message: '${name} must be one line (no line breaks)' },
    ]);
  });
`;
};

const processTests = `
/** The pid the engine logged when it started its process. */
function startedPid(logs: string[]): number {
  const line = logs.find((message) => / started process \\d+/.test(message));
  if (!line) throw new Error(\`no "started process" in the log: \${logs.join(' | ')}\`);
  return Number(/ started process (\\d+)/.exec(line)![1]);
}

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(\`not true within \${timeoutMs} ms\`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the supervised process', () => {
  it('runs while online and is gone after offline', async () => {
    const { context, logs, failures } = recordingContext({ resource: 'Test resource', type: typeName, properties });
    const instance = engine.create(context);
    await instance.online();
    const pid = startedPid(logs);
    try {
      expect(isRunning(pid)).toBe(true);
      expect(await instance.looksAlive()).toBe(true);
      expect(await instance.isAlive()).toBe(true);
    } finally {
      await instance.offline();
    }
    expect(isRunning(pid)).toBe(false);
    expect(await instance.looksAlive()).toBe(false);
    expect(failures).toEqual([]);
  });

  it('reports a failure at once when the process dies by itself', async () => {
    const { context, logs, failures } = recordingContext({ resource: 'Test resource', type: typeName, properties });
    const instance = engine.create(context);
    await instance.online();
    const pid = startedPid(logs);
    try {
      process.kill(pid, 'SIGKILL');
      await until(() => failures.length > 0);
      expect(failures[0]).toContain(\`process \${pid} was killed by SIGKILL\`);
      expect(await instance.looksAlive()).toBe(false);
    } finally {
      await instance.terminate();
    }
  });
});
`;

const inProcessTests = `
describe('online and offline', () => {
  it('looks alive while online, not after offline', async () => {
    const { context, failures } = recordingContext({ resource: 'Test resource', type: typeName, properties });
    const instance = engine.create(context);
    await instance.online();
    expect(await instance.looksAlive()).toBe(true);
    await instance.offline();
    expect(await instance.isAlive()).toBe(false);
    expect(failures).toEqual([]);
  });
});
`;

export function engineTestSource(spec: TypeSpec): string {
  return `import { describe, expect, it } from 'vitest';
import { recordingContext } from '@wolfpack/resource-sdk/testing';
import engine from '../src/engine.ts';

// The engine module as an agent drives it, with a recording context from the resource SDK.

const typeName = ${literal(spec.name)};
/** The parameters' defaults (and a value for each one without a default). */
const properties: Record<string, unknown> = ${literal(sampleProperties(spec))};
const validation = { resource: 'Test resource', group: 'TEST_GROUP', providers: [] };

describe('validate', () => {
  it('accepts the default parameters', () => {
    expect(engine.validate?.(properties, validation)).toEqual([]);
  });
${lineBreakTest(spec)}});
${spec.process ? processTests : inProcessTests}`;
}
