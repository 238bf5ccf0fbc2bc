// @vitest-environment happy-dom
import { createElement, type ReactNode } from 'react';
import { act, cleanup, renderHook, screen } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsoleCommand } from '../../src/actions/command.ts';
import { useCommandRunner } from '../../src/actions/command-runner.ts';
import { PendingTracker } from '../../src/actions/pending.ts';
import { DialogHost } from '../../src/app/dialog-host.tsx';
import { DialogProvider } from '../../src/app/dialogs.tsx';
import { NotificationArea, NotificationsProvider } from '../../src/app/notifications.tsx';
import { cacheFromSnapshot } from '../../src/live/cluster-cache.ts';
import { panelConsoleCommand, type PanelCommandOutcome } from '../../src/panels/commands.ts';
import { seedSnapshot } from '../fixtures.ts';

// A command is one entry: an entry the console has never seen is sent, shown as pending,
// refused and opened as a dialog by the generic runner, with nothing else to write.

afterEach(cleanup);

const cluster = cacheFromSnapshot(seedSnapshot(10));
const group = { kind: 'group' as const, name: 'SOCKET_GROUP' };

/** A made-up command: "Ping Group" answers `reply`, or is refused with `refusal`. */
function ping(answer: { reply?: unknown; refusal?: string }): ConsoleCommand {
  return {
    id: 'ping-group',
    label: 'Ping Group',
    section: 'operate',
    access: 'operator',
    appliesTo: (target) => target.kind === 'group',
    send: async () => {
      if (answer.refusal) throw new Error(answer.refusal);
      return answer.reply;
    },
    pendingLabel: ({ target }) => `Pinging ${target.name}…`,
    outcome: () => (seen) => seen.revision > 10,
    failureTitle: ({ target }) => `Could not ping ${target.name}`,
  };
}

function mount(list: readonly ConsoleCommand[], tracker: PendingTracker) {
  const queryClient = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) =>
    createElement(
      QueryClientProvider,
      { client: queryClient },
      createElement(
        NotificationsProvider,
        null,
        createElement(
          DialogProvider,
          null,
          children,
          createElement(DialogHost, { onSelect: () => undefined }),
          createElement(NotificationArea),
        ),
      ),
    );
  const context = { role: 'operator' as const, cluster, isPending: () => false };
  return renderHook(() => useCommandRunner({ list, context, tracker }), { wrapper });
}

describe('the command runner, over any entry', () => {
  it('sends it and shows it pending under its label until the cluster shows its outcome', async () => {
    const tracker = new PendingTracker();
    const { result } = mount([ping({ reply: { ok: true } })], tracker);
    await act(() => result.current.send({ command: 'ping-group', target: group }));
    expect([...tracker.getByObject().values()].map((entry) => [entry.label, entry.accepted])).toEqual([
      ['Pinging SOCKET_GROUP…', true],
    ]);
    tracker.settle(cluster);
    expect(tracker.isPending(group)).toBe(true);
    tracker.settle(cacheFromSnapshot(seedSnapshot(11)));
    expect(tracker.isPending(group)).toBe(false);
  });

  it('shows a refusal under its failure title with the reason, and nothing stays pending', async () => {
    const tracker = new PendingTracker();
    const { result } = mount([ping({ refusal: 'SOCKET_GROUP is Pending' })], tracker);
    await act(async () => result.current.execute({ command: 'ping-group', target: group }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not ping SOCKET_GROUP');
    expect(alert.textContent).toContain('SOCKET_GROUP is Pending');
    expect(tracker.entries).toHaveLength(0);
  });

  it('opens the dialog of an entry that has one instead of sending it', async () => {
    const tracker = new PendingTracker();
    const asked: ConsoleCommand = {
      ...ping({ reply: {} }),
      dialog: ({ target }) => ({
        key: 'ping',
        render: ({ onClose }) => createElement('button', { type: 'button', onClick: onClose }, `Ping ${target.name}?`),
      }),
    };
    const { result } = mount([asked], tracker);
    act(() => result.current.execute({ command: 'ping-group', target: group }));
    expect(await screen.findByRole('button', { name: 'Ping SOCKET_GROUP?' })).toBeTruthy();
    expect(tracker.entries).toHaveLength(0);
    expect(() => result.current.execute({ command: 'no-such-command', target: group })).toThrow(
      'no-such-command is not a command of the console',
    );
  });

  it('tells a panel command\'s outcome as a note, and its failure under "<label> failed"', async () => {
    const chat = { kind: 'resource' as const, name: 'SOCKET_SERVER' };
    const panel = (outcome: PanelCommandOutcome) =>
      panelConsoleCommand({
        key: 'Chat Server/show',
        type: 'Chat Server',
        label: 'Show connected users',
        readOnly: true,
        isEnabled: () => true,
        run: async () => outcome,
      });
    const shown = panel({ ok: true, message: '1 connected to SOCKET_SERVER: 127.0.0.1:40200' });
    const { result } = mount([shown], new PendingTracker());
    await act(() => result.current.send({ command: shown.id, target: chat }));
    expect((await screen.findByRole('status')).textContent).toContain(
      'Show connected users: SOCKET_SERVER1 connected to SOCKET_SERVER: 127.0.0.1:40200',
    );
    cleanup();
    const failing = panel({ ok: false, message: 'Show connected users (Chat Server) failed: not online' });
    const second = mount([failing], new PendingTracker());
    await act(async () => second.result.current.execute({ command: failing.id, target: chat }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Show connected users failedShow connected users (Chat Server) failed: not online',
    );
  });
});
