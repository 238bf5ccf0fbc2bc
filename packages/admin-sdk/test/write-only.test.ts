// @vitest-environment happy-dom
import { createElement, createRef, type ReactNode } from 'react';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ResourceView } from '@wolfpack/contracts';
import { SchemaForm, type ApplyHandle } from '../src/index.ts';
import { Host, resourceView, typeView } from './fixtures.tsx';

// Generic Application's Environment is writeOnly: the view carries no value, only whether
// one is set. The generated form says so, and lets an admin replace or clear it.

afterEach(cleanup);

const appType = typeView('generic-application');
const app = (writeOnlySet: string[]) =>
  resourceView('App', 'Generic Application', { CommandLine: 'sleep 1000', CurrentDirectory: '' }, { writeOnlySet });

function mount(resource: ResourceView) {
  const applyRef = createRef<ApplyHandle>();
  const saveProperties = vi.fn(async () => ({}));
  const tree = (current: ResourceView): ReactNode =>
    createElement(Host, {
      resource: current,
      type: appType,
      canEdit: true,
      saveProperties,
      control: vi.fn(),
      applyRef,
      children: createElement(SchemaForm),
    });
  render(tree(resource));
  const apply = async () => {
    let saved: boolean | undefined;
    await act(async () => {
      saved = await applyRef.current!.apply();
    });
    return saved;
  };
  return { applyRef, saveProperties, apply };
}

describe('a writeOnly property in the generated form', () => {
  it('shows a set value as set, never as a value, and replaces it with what is entered', async () => {
    const { applyRef, saveProperties, apply } = mount(app(['Environment']));
    expect(screen.getByText('Set (never shown)')).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: 'Environment name 1' })).toBeNull();
    expect(applyRef.current!.isDirty()).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Replace Environment' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add Environment' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Environment name 1' }), { target: { value: 'API_KEY' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Environment value 1' }), { target: { value: 'new secret' } });
    expect(applyRef.current!.isDirty()).toBe(true);
    expect(await apply()).toBe(true);
    expect(saveProperties).toHaveBeenCalledWith('App', { Environment: { API_KEY: 'new secret' } });
  });

  it('clears a set value (back to its default) on Apply', async () => {
    const { applyRef, saveProperties, apply } = mount(app(['Environment']));
    fireEvent.click(screen.getByRole('button', { name: 'Clear Environment' }));
    expect(screen.getByText('Cleared when you apply')).toBeTruthy();
    expect(applyRef.current!.isDirty()).toBe(true);
    expect(await apply()).toBe(true);
    expect(saveProperties).toHaveBeenCalledWith('App', { Environment: null });
  });

  it('says "Not set" when nothing is set, and offers to set it', () => {
    mount(app([]));
    expect(screen.getByText('Not set')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Set Environment' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Clear Environment' })).toBeNull();
  });
});
