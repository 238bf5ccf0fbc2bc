import { useCallback } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '@wolfpack/client';
import { client } from '../api/index.ts';
import { useDialogs } from '../app/dialogs.tsx';
import { useOptionalNotify } from '../app/notifications.tsx';
import type { CommandContext, CommandInvocation, ConsoleCommand } from './command.ts';
import { pendingPatienceMs, type PendingTracker } from './pending.ts';

export interface CommandRunner {
  /** Run a command: one with a dialog opens it; the others are sent. */
  execute(invocation: CommandInvocation, command?: ConsoleCommand): void;
  /** Send a command now (a dialog's confirm uses it); rejects with the server's refusal, which is also shown. */
  send(invocation: CommandInvocation, command?: ConsoleCommand): Promise<void>;
  /** A command is being sent. */
  sending: boolean;
}

interface Sending {
  invocation: CommandInvocation;
  command: ConsoleCommand;
}

const failureTitleOf = ({ invocation, command }: Sending) =>
  command.failureTitle?.(invocation) ?? `Could not complete the command on ${invocation.target.name}`;

/**
 * Runs the entries of a command list, generically: a command with `pendingLabel` shows as
 * pending on its object (`tracker`) until the live stream shows its `outcome`; a refusal
 * is shown under its `failureTitle` with the server's reason; `succeeded` notes are shown.
 */
export function useCommandRunner({
  list,
  context,
  tracker,
}: {
  list: readonly ConsoleCommand[];
  context: CommandContext | undefined;
  tracker?: PendingTracker;
}): CommandRunner {
  const dialogs = useDialogs();
  const notify = useOptionalNotify();
  const queryClient = useQueryClient();
  const cluster = context?.cluster;

  const entryOf = useCallback(
    (invocation: CommandInvocation, command: ConsoleCommand | undefined): ConsoleCommand => {
      const found = command ?? list.find((entry) => entry.id === invocation.command);
      if (!found) throw new Error(`${invocation.command} is not a command of the console`);
      return found;
    },
    [list],
  );

  const mutation = useMutation({
    mutationKey: ['command'],
    mutationFn: async ({ invocation, command }: Sending) => {
      if (!command.send) throw new Error(`${command.id} is not a request`);
      const services = { client, queryClient, cluster };
      if (!tracker || !command.pendingLabel) return command.send(invocation, services);
      const id = tracker.add({
        target: invocation.target,
        label: command.pendingLabel(invocation),
        done: () => false,
        deadline: Date.now() + pendingPatienceMs,
      });
      try {
        const reply = await command.send(invocation, services);
        tracker.accept(id, command.outcome?.(invocation, reply));
        return reply;
      } catch (error) {
        tracker.remove(id);
        throw error;
      }
    },
    onSuccess: (reply, { invocation, command }) => {
      const note = command.succeeded?.(invocation, reply);
      if (note) notify?.(note);
    },
    onError: (error, sending) =>
      notify?.({ tone: 'error', title: failureTitleOf(sending), message: errorMessage(error) }),
  });
  const { mutateAsync, isPending } = mutation;

  const send = useCallback(
    async (invocation: CommandInvocation, command?: ConsoleCommand) => {
      await mutateAsync({ invocation, command: entryOf(invocation, command) });
    },
    [mutateAsync, entryOf],
  );

  const execute = useCallback(
    (invocation: CommandInvocation, command?: ConsoleCommand) => {
      const entry = entryOf(invocation, command);
      if (entry.dialog) {
        const dialog = entry.dialog(invocation, context);
        if (dialog) dialogs.open(dialog);
        return;
      }
      mutateAsync({ invocation, command: entry }).catch(() => undefined); // shown by onError
    },
    [entryOf, context, dialogs, mutateAsync],
  );

  return { execute, send, sending: isPending };
}
