// @vitest-environment happy-dom
import { createElement, useState } from 'react';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FieldError, ResourceTypeView, Role } from '@wolfpack/contracts';
import { buildPanels } from '@wolfpack/admin-sdk/build-panels';
import { usePanelCommands, type PanelCommandOutcome } from '../../src/panels/commands.ts';
import { PanelRegistry } from '../../src/panels/registry.ts';
import { useWizardPages, wizardDefaults } from '../../src/panels/wizard-pages.tsx';
import { builtInType, exampleType, resourceOf, withServices } from './panel-fixtures.ts';

beforeAll(async () => {
  await buildPanels({ quiet: true });
}, 120_000);
afterEach(cleanup);

/** The type pages of a New Resource wizard, as the console would show them: titles, current page, Next. */
function WizardTypePages({ typeName }: { typeName: string }) {
  const { pages, loading } = useWizardPages(typeName);
  const [values, setValues] = useState<Record<string, unknown>>({});
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [index, setIndex] = useState(0);
  if (loading) return createElement('p', null, 'Loading pages…');
  const page = pages[index];
  return createElement(
    'div',
    null,
    createElement(
      'ol',
      { 'aria-label': 'Steps' },
      ...pages.map((entry) => createElement('li', { key: entry.key }, entry.title)),
    ),
    page ? createElement(page.Component, { values, onChange: setValues, fieldErrors: errors }) : null,
    createElement(
      'button',
      {
        type: 'button',
        onClick: () => {
          const found = page?.validate(values) ?? [];
          setErrors(found);
          if (found.length === 0) setIndex(index + 1);
        },
      },
      'Next',
    ),
    createElement('output', { 'aria-label': 'Values' }, JSON.stringify(values)),
  );
}

describe('wizard pages', () => {
  it("come from the type's panel, with its checks", async () => {
    const greeting = exampleType();
    render(
      withServices(
        { types: [greeting], registry: new PanelRegistry() },
        createElement(WizardTypePages, { typeName: 'Greeting Server' }),
      ),
    );
    expect(await screen.findByText('Greeting', { selector: 'li' })).toBeTruthy();
    const text = screen.getByRole('textbox', { name: 'Greeting' }) as HTMLInputElement;
    expect(text.value).toBe('Hello from Wolfpack');
    fireEvent.change(text, { target: { value: '  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByText('Greeting must not be empty')).toBeTruthy();
    fireEvent.change(text, { target: { value: 'Welcome' } });
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Port' }), { target: { value: '7200' } });
    expect(JSON.parse(screen.getByRole('status', { name: 'Values' }).textContent!)).toEqual({
      Greeting: 'Welcome',
      Port: 7200,
    });
  });

  it('are generated from the schema for a type whose panel adds none', async () => {
    const disk = builtInType('disk');
    render(
      withServices(
        { types: [disk], registry: new PanelRegistry() },
        createElement(WizardTypePages, { typeName: 'Disk' }),
      ),
    );
    expect(await screen.findByText('Parameters', { selector: 'li' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByText('Path is required')).toBeTruthy();
    expect(wizardDefaults(builtInType('chat-server'))).toEqual({
      MaxUser: 10,
      Port: 7000,
      ShareName: 'chat',
      IPAddress: '',
      NetName: '',
      IdleTimeout: 600,
      LineRate: 5,
      LineBurst: 20,
      HistoryMaxBytes: 16_777_216,
    });
  });

  it('appear for a type registered while the console is open, without a reload', async () => {
    const registry = new PanelRegistry();
    const tree = (types: ResourceTypeView[]) =>
      withServices({ types, registry }, createElement(WizardTypePages, { typeName: 'Greeting Server' }));
    const view = render(tree([builtInType('disk')]));
    expect(screen.queryAllByRole('listitem')).toHaveLength(0);
    // The live stream brings the new type: the console re-renders with it.
    view.rerender(tree([builtInType('disk'), exampleType()]));
    expect(await screen.findByText('Greeting', { selector: 'li' })).toBeTruthy();
    expect(registry.importCount).toBe(1);
  });
});

/** A context menu of one resource's panel commands, as the console would show them. */
function CommandMenu({ typeName, state }: { typeName: string; state: 'Online' | 'Offline' }) {
  const commands = usePanelCommands(typeName);
  const resource = resourceOf(`${typeName} 1`, typeName, {}, { state });
  const [outcome, setOutcome] = useState<PanelCommandOutcome | undefined>();
  return createElement(
    'div',
    null,
    createElement(
      'ul',
      { role: 'menu', 'aria-label': 'Resource' },
      ...commands.map((command) =>
        createElement(
          'li',
          {
            key: command.key,
            role: 'menuitem',
            'aria-disabled': !command.isEnabled(resource),
            onClick: () => void command.run(resource).then(setOutcome),
          },
          command.label,
        ),
      ),
    ),
    outcome
      ? createElement('p', { role: 'status' }, `${outcome.ok ? 'ok' : 'failed'}: ${outcome.message ?? ''}`)
      : null,
  );
}

describe('context-menu commands', () => {
  const mountMenu = (
    role: Role,
    control: (resource: string, code: string) => Promise<unknown>,
    state: 'Online' | 'Offline' = 'Online',
  ) =>
    render(
      withServices(
        { types: [builtInType('chat-server')], registry: new PanelRegistry(), role, control },
        createElement(CommandMenu, { typeName: 'Chat Server', state }),
      ),
    );

  it("run the type's control code and tell the outcome; read-only ones are there for viewers", async () => {
    const control = vi.fn(async (resource: string, code: string) => ({
      resource,
      code,
      node: 'OSDB_SERV',
      result: [{ address: '127.0.0.1', port: 40200, connectedSince: '' }],
    }));
    mountMenu('viewer', control);
    const item = await screen.findByRole('menuitem', { name: 'Show connected users' });
    expect(item.getAttribute('aria-disabled')).toBe('false');
    await act(async () => fireEvent.click(item));
    expect((await screen.findByRole('status')).textContent).toBe('ok: 1 connected to Chat Server 1: 127.0.0.1:40200');
  });

  it('report a failure instead of breaking the menu, and are disabled where they do not apply', async () => {
    mountMenu('admin', async () => {
      throw new Error('Chat Server 1 is not online on any node');
    });
    const item = await screen.findByRole('menuitem', { name: 'Show connected users' });
    await act(async () => fireEvent.click(item));
    expect((await screen.findByRole('status')).textContent).toBe(
      'failed: Show connected users (Chat Server) failed: Chat Server 1 is not online on any node',
    );
    cleanup();
    mountMenu('admin', async () => ({}), 'Offline');
    expect((await screen.findByRole('menuitem', { name: 'Show connected users' })).getAttribute('aria-disabled')).toBe(
      'true',
    );
  });
});
