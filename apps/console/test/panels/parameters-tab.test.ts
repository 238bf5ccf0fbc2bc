// @vitest-environment happy-dom
import { createElement, Fragment } from 'react';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ResourceTypeView } from '@wolfpack/contracts';
import { buildPanels } from '@wolfpack/admin-sdk/build-panels';
import { ParametersTab } from '../../src/panels/parameters-tab.tsx';
import { PanelRegistry } from '../../src/panels/registry.ts';
import { builtInType, exampleType, resourceOf, withServices, type ServicesSetup } from './panel-fixtures.ts';

// The panels under test are the real built modules (dist/panel.mjs), loaded by the
// registry's own import(), sharing this test's React through the console's global.
beforeAll(async () => {
  await buildPanels({ quiet: true });
}, 120_000);
afterEach(cleanup);
// A panel that throws is logged by React and by the boundary: expected noise here.
const quiet = () => vi.spyOn(console, 'error').mockImplementation(() => {});

function mount(
  setup: Omit<ServicesSetup, 'registry'> & { registry?: PanelRegistry },
  type: ResourceTypeView,
  properties: Record<string, unknown> = {},
  extra = {},
) {
  const registry = setup.registry ?? new PanelRegistry();
  const resource = resourceOf(`${type.name} 1`, type.name, properties, extra);
  render(
    withServices(
      { ...setup, registry },
      createElement(
        Fragment,
        null,
        createElement('h1', null, 'Cluster Administrator'),
        createElement(ParametersTab, { resource, type }),
      ),
    ),
  );
  return { registry, resource };
}

describe('the Parameters tab', () => {
  it('shows the Chat Server panel: MaxUser checked as typed, nothing saved while wrong, 3 saved', async () => {
    const saveProperties = vi.fn(async () => ({}));
    const chat = builtInType('chat-server');
    mount({ types: [chat], saveProperties }, chat, { MaxUser: 10 });
    const maxUser = (await screen.findByRole('spinbutton', { name: 'MaxUser' })) as HTMLInputElement;
    expect(screen.getByRole('form', { name: 'Chat Server parameters' })).toBeTruthy();
    for (const name of ['ShareName', 'IPAddress', 'NetName'])
      expect(screen.getByRole('textbox', { name })).toBeTruthy();
    expect(screen.getByRole('spinbutton', { name: 'Port' })).toBeTruthy();
    fireEvent.change(maxUser, { target: { value: '11' } });
    expect(screen.getByText('MaxUser must be <= 10')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Apply' })));
    expect(saveProperties).not.toHaveBeenCalled();
    fireEvent.change(maxUser, { target: { value: '3' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Apply' })));
    expect(saveProperties).toHaveBeenCalledWith('Chat Server 1', { MaxUser: 3 });
  });

  it('lists the connected chat users from the connected-users control', async () => {
    const control = vi.fn(async (resource: string, code: string) => ({
      resource,
      code,
      node: 'OSDB_SERV',
      result: [{ address: '127.0.0.1', port: 40123, connectedSince: '2026-11-25T08:00:00.000Z' }],
    }));
    const chat = builtInType('chat-server');
    mount({ types: [chat], control, role: 'viewer' }, chat, { MaxUser: 10 });
    const table = await screen.findByRole('table', { name: 'Connected users' });
    expect(await within(table).findByRole('cell', { name: '40123' })).toBeTruthy();
    expect(control).toHaveBeenCalledWith('Chat Server 1', 'connected-users', undefined);
    // A viewer sees the values, cannot change them, and gets no Apply.
    expect((screen.getByRole('spinbutton', { name: 'MaxUser' }) as HTMLInputElement).disabled).toBe(true);
    expect(screen.queryByRole('button', { name: 'Apply' })).toBeNull();
  });

  it('shows a placeholder with the error of a panel that throws, and the console keeps working', async () => {
    const errors = quiet();
    const broken = exampleType('manifest.broken.json');
    mount({ types: [broken] }, broken);
    const placeholder = await screen.findByRole('alert', { name: 'Broken Greeting Server panel error' });
    expect(placeholder.textContent).toContain(
      'The Parameters panel of resource type "Broken Greeting Server" cannot be shown.',
    );
    expect(placeholder.textContent).toContain(
      'Broken Greeting panel: rendering Broken Greeting Server 1 fails on purpose',
    );
    expect(screen.getByRole('heading', { name: 'Cluster Administrator' })).toBeTruthy();
    // The generic form still lets an admin edit the properties.
    fireEvent.click(within(placeholder).getByRole('button', { name: 'Use the generic form' }));
    expect((screen.getByRole('textbox', { name: 'Greeting' }) as HTMLInputElement).value).toBe(
      'Hello from a broken panel',
    );
    errors.mockRestore();
  });

  it('refuses a panel built for another console API, with a clear message', async () => {
    const future = exampleType('manifest.json', { name: 'Future Greeting Server', consoleApi: '^2.0.0' });
    const { registry } = mount({ types: [future] }, future);
    const placeholder = await screen.findByRole('alert');
    expect(placeholder.textContent).toContain('needs console API ^2.0.0, but this console offers 1.1.0');
    expect(registry.importCount).toBe(0);
  });

  it('shows a placeholder when the panel module cannot be loaded', async () => {
    const lost = exampleType('manifest.json', { panelUrl: 'file:///nonexistent/panel.mjs' });
    mount({ types: [lost] }, lost);
    const placeholder = await screen.findByRole('alert');
    expect(placeholder.textContent).toContain('could not be loaded from file:///nonexistent/panel.mjs');
    expect(within(placeholder).getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it("shows the third-party example's panel, registered outside the built-ins", async () => {
    const greeting = exampleType();
    mount(
      { types: [greeting], control: async (resource, code) => ({ resource, code, node: 'OSDB_SERV', result: 7 }) },
      greeting,
      { Greeting: 'Hi' },
    );
    expect(((await screen.findByRole('textbox', { name: 'Greeting' })) as HTMLInputElement).value).toBe('Hi');
    expect(await screen.findByText('7 greeted since it came online on OSDB_SERV.')).toBeTruthy();
  });
});

describe('a type without a panel', () => {
  const plain: ResourceTypeView = {
    name: 'Plain Service',
    version: '1.0.0',
    description: 'A type that ships no panel',
    builtIn: false,
    propertySchema: {
      type: 'object',
      properties: {
        Mode: { type: 'string', enum: ['active', 'standby'], default: 'active', description: 'How it runs' },
        Workers: { type: 'integer', minimum: 1, maximum: 8, default: 2, description: 'Worker processes' },
        Verbose: { type: 'boolean', default: false, description: 'Log every request' },
        Name: { type: 'string', minLength: 3, description: 'Service name' },
      },
      required: ['Name'],
      additionalProperties: false,
    },
    controlCodes: [],
    requiredDependencies: [],
  };

  it('gets a form generated from its schema: choices, bounds, check boxes, descriptions, defaults, checks', async () => {
    const saveProperties = vi.fn(async () => ({}));
    mount({ types: [plain], saveProperties }, plain, { Name: 'web' });
    const mode = screen.getByRole('combobox', { name: 'Mode' }) as HTMLSelectElement;
    expect(mode.value).toBe('active');
    expect([...mode.options].map((option) => option.value)).toEqual(['active', 'standby']);
    const workers = screen.getByRole('spinbutton', { name: 'Workers' }) as HTMLInputElement;
    expect([workers.value, workers.min, workers.max]).toEqual(['2', '1', '8']);
    expect(screen.getByText('Worker processes. Default: 2. (1–8)')).toBeTruthy();
    expect((screen.getByRole('checkbox', { name: 'Verbose' }) as HTMLInputElement).checked).toBe(false);
    fireEvent.change(workers, { target: { value: '9' } });
    expect(screen.getByText('Workers must be <= 8')).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: 'Name' }), { target: { value: 'ab' } });
    expect(screen.getByText('Name must be at least 3 characters long')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Apply' })));
    expect(saveProperties).not.toHaveBeenCalled();
    fireEvent.change(workers, { target: { value: '4' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Name' }), { target: { value: 'web-2' } });
    fireEvent.change(mode, { target: { value: 'standby' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Verbose' }));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Apply' })));
    expect(saveProperties).toHaveBeenCalledWith('Plain Service 1', {
      Workers: 4,
      Name: 'web-2',
      Mode: 'standby',
      Verbose: true,
    });
  });
});
