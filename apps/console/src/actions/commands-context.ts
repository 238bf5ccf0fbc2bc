import { createContext, useContext, useMemo, useState, useSyncExternalStore } from 'react';
import { errorMessage } from '@wolfpack/client';
import { useCluster } from '../live/hooks.ts';
import { useSession } from '../session/session.ts';
import type { CommandContext, CommandInvocation, CommandTarget } from './command.ts';
import type { CommandRunner } from './command-runner.ts';
import { pendingKey, type PendingCommand, type PendingTracker } from './pending.ts';

/*
 * What CommandsProvider gives the console below it. Apart from the provider so that the
 * dialogs the command entries open can use it without importing the entries' list.
 */

export interface Commands extends Pick<CommandRunner, 'execute' | 'send'> {
  tracker: PendingTracker;
}

export const CommandsContext = createContext<Commands | null>(null);

export function useCommands(): Commands {
  const context = useContext(CommandsContext);
  if (!context) throw new Error('useCommands needs a CommandsProvider');
  return context;
}

/**
 * A dialog's confirm button: send the command, close on success, keep the dialog open
 * with the server's reason on refusal. `sending` disables the buttons meanwhile.
 */
export function useConfirmedCommand(onClose: () => void): {
  sending: boolean;
  refusal: string | undefined;
  confirm(invocation: CommandInvocation): Promise<void>;
} {
  const { send } = useCommands();
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<string | undefined>(undefined);
  const confirm = async (invocation: CommandInvocation) => {
    setSending(true);
    setRefusal(undefined);
    try {
      await send(invocation);
      onClose();
    } catch (error) {
      setRefusal(errorMessage(error));
      setSending(false);
    }
  };
  return { sending, refusal, confirm };
}

/** Pending commands by object (`kind:name`), live. */
export function usePendingCommands(): ReadonlyMap<string, PendingCommand> {
  const { tracker } = useCommands();
  return useSyncExternalStore(tracker.subscribe, tracker.getByObject);
}

/** What the command entries need to decide, for the signed-in user and the live cluster, with this tracker's pending commands. */
export function useCommandContextOf(tracker: PendingTracker): CommandContext | undefined {
  const role = useSession().data?.role;
  const cluster = useCluster().data;
  const pending = useSyncExternalStore(tracker.subscribe, tracker.getByObject);
  return useMemo(
    () =>
      cluster ? { role, cluster, isPending: (target: CommandTarget) => pending.has(pendingKey(target)) } : undefined,
    [role, cluster, pending],
  );
}

/** What the command entries need to decide, below the CommandsProvider. */
export function useCommandContext(): CommandContext | undefined {
  return useCommandContextOf(useCommands().tracker);
}
