import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useMutation } from '@tanstack/react-query';
import { errorMessage } from '@wolfpack/client';
import { client } from '../api/index.ts';
import { useDialogs } from '../app/dialogs.tsx';
import { useNotify } from '../app/notifications.tsx';
import type { ClusterCache } from '../live/cluster-cache.ts';
import { useCluster } from '../live/hooks.ts';
import { useSession } from '../session/session.ts';
import { failureTitle, pendingLabel } from './describe.ts';
import { outcomes, pendingKey, pendingPatienceMs, PendingTracker, type PendingCommand } from './pending.ts';
import { commandById, type CommandContext, type CommandInvocation, type CommandTarget } from './registry.ts';

interface Commands {
  tracker: PendingTracker;
  /** Run a command: API commands are sent (and tracked), the others open their dialog. */
  execute(invocation: CommandInvocation): void;
  /** Send an API command now (the move dialog's confirm uses it). */
  send(invocation: CommandInvocation): Promise<void>;
}

const CommandsContext = createContext<Commands | null>(null);

/** The API call of each command that is one request; and what the object waits for after. */
function request(invocation: CommandInvocation): { call: () => Promise<unknown>; done: (reply: unknown) => PendingCommand['done'] } | undefined {
  const { target } = invocation;
  const name = target.name;
  if (target.kind === 'group' || target.kind === 'resource') {
    const kind = target.kind;
    const family = kind === 'group' ? client.groups : client.resources;
    switch (invocation.command) {
      case 'bring-online':
        return { call: () => family.online(name), done: () => outcomes.online(kind, name) };
      case 'take-offline':
        return { call: () => family.offline(name), done: () => outcomes.offline(kind, name) };
      case 'delete':
        return { call: () => family.delete(name), done: () => outcomes.gone(kind, name) };
    }
  }
  if (target.kind === 'resource' && invocation.command === 'initiate-failure') {
    return { call: () => client.resources.fail(name), done: () => outcomes.failed(name) };
  }
  if (target.kind === 'group' && invocation.command === 'move-group') {
    return {
      call: () => client.groups.move(name, invocation.node ? { node: invocation.node } : {}),
      done: (reply) => outcomes.moved(name, (reply as { targetNode?: string } | undefined)?.targetNode ?? invocation.node ?? ''),
    };
  }
  if (target.kind === 'node' && (invocation.command === 'pause-node' || invocation.command === 'resume-node')) {
    const pause = invocation.command === 'pause-node';
    return { call: () => (pause ? client.nodes.pause(name) : client.nodes.resume(name)), done: () => outcomes.paused(name, pause) };
  }
  return undefined;
}

/**
 * The one place commands run, whatever asked (toolbar, context menu, key, drop): API
 * commands go out as mutations and show as pending on their object until the live stream
 * shows the outcome; a refusal shows the server's reason. Dialog commands open their dialog.
 */
export function CommandsProvider({ children }: { children: ReactNode }) {
  const [tracker] = useState(() => new PendingTracker());
  const dialogs = useDialogs();
  const notify = useNotify();
  const cluster = useCluster().data;

  useEffect(() => {
    if (cluster) tracker.settle(cluster);
  }, [cluster, tracker]);
  useEffect(() => {
    // Deadlines pass without any change on the stream.
    const timer = setInterval(() => cluster && tracker.settle(cluster), 5000);
    return () => clearInterval(timer);
  }, [cluster, tracker]);

  const mutation = useMutation({
    mutationKey: ['command'],
    mutationFn: async (invocation: CommandInvocation) => {
      const spec = request(invocation);
      if (!spec) throw new Error(`${invocation.command} is not a request`);
      const id = tracker.add({ target: invocation.target, label: pendingLabel(invocation), done: () => false, deadline: Date.now() + pendingPatienceMs });
      try {
        const reply = await spec.call();
        tracker.accept(id, spec.done(reply));
        return reply;
      } catch (error) {
        tracker.remove(id);
        throw error;
      }
    },
    onError: (error, invocation) => notify({ tone: 'error', title: failureTitle(invocation), message: errorMessage(error) }),
  });
  const { mutateAsync } = mutation;

  const send = useCallback(async (invocation: CommandInvocation) => {
    await mutateAsync(invocation);
  }, [mutateAsync]);

  const execute = useCallback(
    (invocation: CommandInvocation) => {
      const { target } = invocation;
      switch (invocation.command) {
        case 'properties':
          if (target.kind !== 'folder') dialogs.open({ type: 'properties', target });
          return;
        case 'new-group':
          dialogs.open({ type: 'new-group' });
          return;
        case 'new-resource': {
          const group = target.kind === 'group' ? target.name : target.kind === 'resource' ? cluster?.resources.get(target.name)?.group : undefined;
          dialogs.open(group ? { type: 'new-resource', group } : { type: 'new-resource' });
          return;
        }
        case 'move-group':
          dialogs.open(invocation.node ? { type: 'move', group: target.name, node: invocation.node } : { type: 'move', group: target.name });
          return;
        case 'delete':
          if (target.kind === 'group' || target.kind === 'resource') dialogs.open({ type: 'delete', target: { kind: target.kind, name: target.name } });
          return;
        default:
          mutateAsync(invocation).catch(() => undefined); // shown by onError
      }
    },
    [dialogs, cluster, mutateAsync],
  );

  const value = useMemo(() => ({ tracker, execute, send }), [tracker, execute, send]);
  return <CommandsContext.Provider value={value}>{children}</CommandsContext.Provider>;
}

export function useCommands(): Commands {
  const context = useContext(CommandsContext);
  if (!context) throw new Error('useCommands needs a CommandsProvider');
  return context;
}

/**
 * A dialog's confirm button: send the command, close on success, keep the dialog open
 * with the server's reason on refusal. `sending` disables the buttons meanwhile.
 */
export function useConfirmedCommand(onClose: () => void): { sending: boolean; refusal: string | undefined; confirm(invocation: CommandInvocation): Promise<void> } {
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

/** What the command registry needs to decide, for the signed-in user and the live cluster. */
export function useCommandContext(): CommandContext | undefined {
  const role = useSession().data?.role;
  const cluster = useCluster().data;
  const pending = usePendingCommands();
  return useMemo(
    () => (cluster ? { role, cluster, isPending: (target: CommandTarget) => pending.has(pendingKey(target)) } : undefined),
    [role, cluster, pending],
  );
}

export { commandById };
export type { ClusterCache };
