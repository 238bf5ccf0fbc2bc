// @vitest-environment happy-dom
import { createElement } from 'react';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useControlResult } from '../src/index.ts';
import { Host, resourceView, typeView } from './fixtures.tsx';

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function Users({ enabled = true }: { enabled?: boolean }) {
  const users = useControlResult<string[]>('connected-users', { refreshMs: 2_000, enabled });
  return createElement(
    'p',
    { role: 'status' },
    users.error ? `error: ${users.error}` : (users.result ?? []).join(', '),
  );
}

function mount(control: (resource: string, code: string) => Promise<unknown>, enabled = true) {
  return render(
    createElement(Host, {
      resource: resourceView('Chat Server', 'Chat Server', {}),
      type: typeView('chat-server'),
      canEdit: false,
      saveProperties: vi.fn(),
      control,
      children: createElement(Users, { enabled }),
    }),
  );
}

describe('a control code polled by a panel', () => {
  it('runs when shown, again every refreshMs while shown, and never after', async () => {
    let connected = ['127.0.0.1:40001'];
    const control = vi.fn(async (resource: string, code: string) => ({
      resource,
      code,
      node: 'OSDB_SERV',
      result: connected,
    }));
    const view = mount(control);
    await act(async () => {});
    expect(control).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('status').textContent).toBe('127.0.0.1:40001');
    connected = ['127.0.0.1:40001', '127.0.0.1:40002'];
    await act(async () => vi.advanceTimersByTime(2_000));
    expect(control).toHaveBeenCalledTimes(2);
    expect(screen.getByRole('status').textContent).toBe('127.0.0.1:40001, 127.0.0.1:40002');
    view.unmount();
    await act(async () => vi.advanceTimersByTime(10_000));
    expect(control).toHaveBeenCalledTimes(2);
  });

  it('says why it failed, and does not run while disabled', async () => {
    const failing = vi.fn(async () => {
      throw new Error('Chat Server is not online on any node');
    });
    mount(failing);
    await act(async () => {});
    expect(screen.getByRole('status').textContent).toBe('error: Chat Server is not online on any node');
    cleanup();
    const idle = vi.fn(async () => ({ result: [] }));
    mount(idle, false);
    await act(async () => vi.advanceTimersByTime(10_000));
    expect(idle).not.toHaveBeenCalled();
  });
});
