// @vitest-environment happy-dom
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as jsxRuntime from 'react/jsx-runtime';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { repositoryRoot } from '@wolfpack/testing/repository';
import * as sdk from '../src/index.ts';
import { panelHostGlobal } from '../host-modules.mjs';
import { panelBuildConfig } from '../vite-preset.mjs';
import { Host, resourceView, typeView } from './fixtures.tsx';

// A panel built with the preset carries no React of its own: it runs on the host's
// instances, found on the global the console fills. Hooks would fail with two Reacts.
const scratch = join(repositoryRoot, '.tmp');
mkdirSync(scratch, { recursive: true });
const outDir = mkdtempSync(join(scratch, 'preset-test-'));
const typesDir = join(repositoryRoot, 'packages', 'resource-types');

beforeAll(async () => {
  for (const folder of ['chat-server', 'ip-address']) {
    await build({
      configFile: false,
      ...panelBuildConfig({ root: join(typesDir, folder), entry: 'src/panel.tsx', outDir, fileName: `${folder}.mjs` }),
    });
  }
}, 60_000);

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
  delete (globalThis as Record<string, unknown>)[panelHostGlobal];
});
afterEach(cleanup);

const importBuilt = (name: string) => import(/* @vite-ignore */ pathToFileURL(join(outDir, name)).href);

describe('a panel module built with the preset', () => {
  it('is one file that imports nothing: react, react-dom and the SDK come from the console', () => {
    const text = readFileSync(join(outDir, 'chat-server.mjs'), 'utf8');
    expect(text).not.toMatch(/^\s*import\s/m);
    expect(text).not.toMatch(/\bimport\(/);
    expect(text).toContain(panelHostGlobal);
    // The SDK's own code (e.g. the form parts) is not bundled into the panel.
    expect(text).not.toContain('wp-field__label');
  });

  it('refuses to run without the console, saying why', async () => {
    delete (globalThis as Record<string, unknown>)[panelHostGlobal];
    await expect(
      import(/* @vite-ignore */ `${pathToFileURL(join(outDir, 'ip-address.mjs')).href}?without-host`),
    ).rejects.toThrow(
      `This panel module runs inside the Wolfpack console, which provides "@wolfpack/admin-sdk" on globalThis.${panelHostGlobal}`,
    );
  });

  it("renders with the host's React and SDK context: hooks work and read the console's resource", async () => {
    (globalThis as Record<string, unknown>)[panelHostGlobal] = {
      apiVersion: sdk.consoleApiVersion,
      modules: { react: React, 'react-dom': ReactDOM, 'react/jsx-runtime': jsxRuntime, '@wolfpack/admin-sdk': sdk },
    };
    const panel = (await importBuilt('chat-server.mjs')).default as sdk.PanelModule;
    expect(panel.wizardPages?.map((page) => page.title)).toEqual(['Chat Server']);
    expect(panel.commands?.map((command) => command.label)).toEqual(['Show connected users']);
    const control = vi.fn(async () => ({
      resource: 'Chat Server',
      code: 'connected-users',
      node: 'OSDB_SERV',
      result: [{ address: '127.0.0.1', port: 40001, connectedSince: '2026-11-25T08:00:00.000Z' }],
    }));
    const Parameters = panel.Parameters!;
    render(
      React.createElement(Host, {
        resource: resourceView('Chat Server', 'Chat Server', { MaxUser: 5 }),
        type: typeView('chat-server'),
        canEdit: true,
        saveProperties: vi.fn(),
        control,
        children: React.createElement(Parameters),
      }),
    );
    expect((screen.getByRole('spinbutton', { name: 'MaxUser' }) as HTMLInputElement).value).toBe('5');
    fireEvent.change(screen.getByRole('spinbutton', { name: 'MaxUser' }), { target: { value: '0' } });
    expect(screen.getByText('MaxUser must be >= 1')).toBeTruthy();
    await act(async () => {});
    expect(control).toHaveBeenCalledWith('Chat Server', 'connected-users', undefined);
    expect(screen.getByRole('cell', { name: '40001' })).toBeTruthy();
  });
});
