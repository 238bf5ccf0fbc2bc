import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Value } from '@sinclair/typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RegisterResourceTypeRequest,
  ResourceTypeManifest,
  type ResourceContext,
  type ResourceTypeModule,
} from '@wolfpack/contracts';
import { freeTcpPort } from '@wolfpack/testing/ports';
import { exampleDir, exampleRegistration } from 'wolfpack-type-greeting-server/registration.mjs';

// The third-party example as the server receives it, and its engine module doing its job
// on a real loopback port.
let registration: Awaited<ReturnType<typeof exampleRegistration>>;
const stateDir = mkdtempSync(join(tmpdir(), 'greeting-'));

beforeAll(async () => {
  registration = await exampleRegistration();
}, 120_000);
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

const readLine = (port: number) =>
  new Promise<string>((resolve, reject) => {
    let text = '';
    const socket = connect({ host: '127.0.0.1', port });
    socket.on('data', (chunk) => (text += chunk));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });

describe('the third-party example type', () => {
  it('is a registration body the server accepts: manifests, engine and panel modules', async () => {
    expect(Value.Errors(RegisterResourceTypeRequest, registration).First()).toBeUndefined();
    expect(Value.Errors(ResourceTypeManifest, registration.manifest).First()).toBeUndefined();
    expect(registration.manifest).toMatchObject({
      name: 'Greeting Server',
      consoleApi: '^1.1.0',
      entryPoints: { panel: 'dist/panel.mjs' },
    });
    const broken = await exampleRegistration({ variant: 'broken' });
    expect(Value.Errors(ResourceTypeManifest, broken.manifest).First()).toBeUndefined();
    expect(broken.panelModule).toContain('fails on purpose');
    expect((await exampleRegistration({ variant: 'incompatible' })).manifest).toMatchObject({
      name: 'Future Greeting Server',
      consoleApi: '^2.0.0',
    });
  });

  it('greets a TCP client with its Greeting and node, counts it, and stops listening offline', async () => {
    const module = (await import(/* @vite-ignore */ pathToFileURL(join(exampleDir, 'dist', 'engine.mjs')).href))
      .default as ResourceTypeModule;
    expect(module.validate?.({ Greeting: 'two\nlines' }, { resource: 'Greeting', group: 'G', providers: [] })).toEqual([
      { path: 'private.Greeting', message: 'Greeting must be one line (no line breaks)' },
    ]);
    const port = await freeTcpPort();
    const context: ResourceContext = {
      cluster: 'INS_CLUS',
      node: 'OSDB_SERV',
      group: 'GREETING_GROUP',
      resource: 'Greeting',
      type: 'Greeting Server',
      epoch: 1,
      properties: { Greeting: 'Hello from the test', Port: port, Address: '' },
      providers: [],
      stateDir,
      dataDir: stateDir,
      log: () => {},
      reportFailure: () => {},
      publish: () => {},
    };
    const instance = module.create(context);
    await instance.online();
    try {
      expect(await instance.looksAlive()).toBe(true);
      expect(await readLine(port)).toBe('Hello from the test (OSDB_SERV)\n');
      expect(await instance.control?.('greeting-count', undefined)).toBe(1);
    } finally {
      await instance.offline();
    }
    expect(await instance.isAlive()).toBe(false);
  });
});
