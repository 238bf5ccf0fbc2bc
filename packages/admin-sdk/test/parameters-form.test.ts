// @vitest-environment happy-dom
import { createElement, createRef, type ReactNode } from 'react';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ResourceView } from '@wolfpack/contracts';
import { SchemaForm, type ApplyHandle } from '../src/index.ts';
import { Host, RefusedError, resourceView, typeView } from './fixtures.tsx';

afterEach(cleanup);

const chatType = typeView('chat-server');
const chat = (properties: Record<string, unknown> = { MaxUser: 10 }) =>
  resourceView('Chat Server', 'Chat Server', properties);

function mount(resource: ResourceView, saveProperties = vi.fn(async () => ({})), canEdit = true) {
  const applyRef = createRef<ApplyHandle>();
  const tree = (current: ResourceView): ReactNode =>
    createElement(Host, {
      resource: current,
      type: chatType,
      canEdit,
      saveProperties,
      control: vi.fn(),
      applyRef,
      children: createElement(SchemaForm),
    });
  const view = render(tree(resource));
  return { applyRef, saveProperties, rerender: (next: ResourceView) => view.rerender(tree(next)) };
}

const maxUser = () => screen.getByRole('spinbutton', { name: 'MaxUser' }) as HTMLInputElement;

describe('a Parameters form generated from the property schema', () => {
  it('shows every property with its bounds, description and default', () => {
    mount(chat());
    expect(maxUser().value).toBe('10');
    expect(maxUser().min).toBe('1');
    expect(maxUser().max).toBe('10');
    const description = screen.getByText(/Maximum number of connected chat users\. Default: 10\. \(1–10\)/);
    expect(maxUser().getAttribute('aria-describedby')).toBe(description.id);
    expect((screen.getByRole('spinbutton', { name: 'Port' }) as HTMLInputElement).value).toBe('7000');
    expect((screen.getByRole('textbox', { name: 'ShareName' }) as HTMLInputElement).value).toBe('chat');
    expect(screen.getByRole('textbox', { name: 'IPAddress' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'NetName' })).toBeTruthy();
  });

  it('says at the field what is wrong as the person types, and saves nothing while it is wrong', async () => {
    const { applyRef, saveProperties } = mount(chat());
    fireEvent.change(maxUser(), { target: { value: '11' } });
    expect(screen.getByText('MaxUser must be <= 10')).toBeTruthy();
    expect(maxUser().getAttribute('aria-invalid')).toBe('true');
    expect(maxUser().getAttribute('aria-describedby')).toContain(screen.getByText('MaxUser must be <= 10').id);
    expect(applyRef.current!.isDirty()).toBe(true);
    let saved: boolean | undefined;
    await act(async () => {
      saved = await applyRef.current!.apply();
    });
    expect(saved).toBe(false);
    expect(saveProperties).not.toHaveBeenCalled();
    fireEvent.change(maxUser(), { target: { value: '' } });
    expect(screen.getByText('MaxUser must be an integer')).toBeTruthy();
  });

  it('saves only what changed, then follows the cluster again', async () => {
    const { applyRef, saveProperties, rerender } = mount(chat());
    fireEvent.change(maxUser(), { target: { value: '3' } });
    expect(screen.queryByText(/MaxUser must/)).toBeNull();
    await act(async () => {
      expect(await applyRef.current!.apply()).toBe(true);
    });
    expect(saveProperties).toHaveBeenCalledWith('Chat Server', { MaxUser: 3 });
    expect(applyRef.current!.isDirty()).toBe(false);
    rerender(chat({ MaxUser: 3, Port: 7001 }));
    expect(maxUser().value).toBe('3');
    expect((screen.getByRole('spinbutton', { name: 'Port' }) as HTMLInputElement).value).toBe('7001');
  });

  it('keeps an edit while another change arrives live, and shows the other change', () => {
    const { rerender } = mount(chat());
    fireEvent.change(maxUser(), { target: { value: '4' } });
    rerender(chat({ MaxUser: 10, ShareName: 'history' }));
    expect(maxUser().value).toBe('4');
    expect((screen.getByRole('textbox', { name: 'ShareName' }) as HTMLInputElement).value).toBe('history');
  });

  it("shows the server's refusal at the field it names until the person edits it", async () => {
    const refuse = vi.fn(async () => {
      throw new RefusedError('Chat Server: invalid private properties', [
        { path: 'private.Port', message: "Port must differ from the IP Address resource's DNS port" },
      ]);
    });
    const { applyRef } = mount(chat(), refuse);
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Port' }), { target: { value: '53' } });
    await act(async () => {
      expect(await applyRef.current!.apply()).toBe(false);
    });
    expect(screen.getByText("Port must differ from the IP Address resource's DNS port")).toBeTruthy();
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Port' }), { target: { value: '7002' } });
    expect(screen.queryByText("Port must differ from the IP Address resource's DNS port")).toBeNull();
  });

  it('lets a user who may not edit look, not change', () => {
    mount(chat(), undefined, false);
    expect(maxUser().disabled).toBe(true);
    expect((screen.getByRole('textbox', { name: 'ShareName' }) as HTMLInputElement).disabled).toBe(true);
  });
});
