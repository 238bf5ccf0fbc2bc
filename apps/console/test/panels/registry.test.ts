import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResourceTypeView } from '@wolfpack/contracts';
import { repositoryRoot } from '@wolfpack/testing/repository';
import { PanelRegistry } from '../../src/panels/registry.ts';

// Real module files, loaded with the registry's own import(): what a browser does with
// the server's panel URLs, minus the network.
const scratch = join(repositoryRoot, '.tmp');
mkdirSync(scratch, { recursive: true });
const dir = mkdtempSync(join(scratch, 'panel-registry-'));
const moduleFile = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return pathToFileURL(join(dir, name)).href;
};
const counter = '__panelRegistryTestEvaluations';
const evaluations = () => (globalThis as unknown as Record<string, number>)[counter] ?? 0;
const counted = `globalThis.${counter} = (globalThis.${counter} ?? 0) + 1;\n`;
const goodUrl = moduleFile('good.mjs', `${counted}export default { Parameters() { return null; }, commands: [] };\n`);
const goodV2Url = moduleFile('good-v2.mjs', `${counted}export function Parameters() { return null; }\n`);
const emptyUrl = moduleFile('empty.mjs', 'export const nothing = 1;\n');
const missingUrl = pathToFileURL(join(dir, 'missing.mjs')).href;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const type = (
  panelUrl: string | undefined,
  consoleApi: string | null = '^1.0.0',
  name = 'Greeting Server',
): ResourceTypeView => ({
  name,
  version: '1.0.0',
  description: '',
  builtIn: false,
  propertySchema: { type: 'object', properties: {} },
  controlCodes: [],
  requiredDependencies: [],
  ...(panelUrl ? { panelUrl } : {}),
  ...(consoleApi ? { consoleApi } : {}),
});

describe('the panel registry', () => {
  it('loads a panel module once, however many parts of the console ask', async () => {
    const registry = new PanelRegistry();
    const before = evaluations();
    const [first, second] = await Promise.all([registry.load(type(goodUrl)), registry.load(type(goodUrl))]);
    const third = await registry.load(type(goodUrl));
    expect(first.status).toBe('ready');
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(registry.peek(type(goodUrl))).toBe(first);
    expect(registry.importCount).toBe(1);
    expect(evaluations() - before).toBe(1);
  });

  it('loads a new version from its new URL, and takes named exports as the panel', async () => {
    const registry = new PanelRegistry();
    await registry.load(type(goodUrl));
    const v2 = await registry.load(type(goodV2Url));
    expect(registry.importCount).toBe(2);
    expect(v2).toMatchObject({ status: 'ready', module: { Parameters: expect.any(Function) } });
  });

  it('tells subscribers when a load settles', async () => {
    const registry = new PanelRegistry();
    const heard: string[] = [];
    registry.subscribe(() => heard.push(registry.peek(type(goodUrl)).status));
    expect(registry.peek(type(goodUrl)).status).toBe('loading');
    await registry.load(type(goodUrl));
    expect(heard).toEqual(['ready']);
  });

  it('refuses a panel whose console API range excludes this console, without loading it', async () => {
    const registry = new PanelRegistry();
    const refused = await registry.load(type(goodUrl, '^2.0.0', 'Future Greeting Server'));
    expect(refused).toEqual({
      status: 'failed',
      url: goodUrl,
      kind: 'incompatible',
      message:
        'The panel of resource type "Future Greeting Server" needs console API ^2.0.0, but this console offers 1.1.0. Rebuild the panel against @wolfpack/admin-sdk 1.1.0.',
    });
    expect(registry.peek(type(goodUrl, '^2.0.0', 'Future Greeting Server'))).toBe(refused);
    expect(await registry.load(type(goodUrl, null))).toMatchObject({
      kind: 'incompatible',
      message: expect.stringContaining('does not state the console API version'),
    });
    expect(registry.importCount).toBe(0);
  });

  it('turns a module that cannot be loaded into a failure naming the type and URL, and can try again', async () => {
    const registry = new PanelRegistry();
    const failed = await registry.load(type(missingUrl));
    expect(failed).toMatchObject({ status: 'failed', kind: 'load' });
    expect(failed.status === 'failed' && failed.message).toContain(
      `The panel of resource type "Greeting Server" could not be loaded from ${missingUrl}`,
    );
    expect(await registry.load(type(missingUrl))).toBe(failed);
    expect(registry.importCount).toBe(1);
    writeFileSync(join(dir, 'missing.mjs'), 'export function Parameters() { return null; }\n');
    const retried = await registry.retry(type(missingUrl));
    expect(registry.importCount).toBe(2);
    // A browser would load the file now; Node caches the failed import of this URL, so either is fine here.
    expect(['ready', 'failed']).toContain(retried.status);
  });

  it('refuses a module that contributes nothing, saying what to export', async () => {
    const registry = new PanelRegistry();
    expect(await registry.load(type(emptyUrl))).toMatchObject({
      status: 'failed',
      kind: 'invalid',
      message:
        'The panel module of resource type "Greeting Server" exports no Parameters, wizardPages or commands (export them by name, or export default definePanel({...})).',
    });
  });

  it('has nothing to load for a type without a panel', async () => {
    const registry = new PanelRegistry();
    expect(await registry.load(type(undefined))).toEqual({ status: 'none' });
    expect(registry.peek(type(undefined))).toEqual({ status: 'none' });
  });
});
