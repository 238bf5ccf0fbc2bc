import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useCommandRunner } from './command-runner.ts';
import { CommandsContext, useCommandContextOf } from './commands-context.ts';
import { PendingTracker } from './pending.ts';
import { commands } from './registry.ts';

export { useCommandContext, useCommands, useConfirmedCommand, usePendingCommands } from './commands-context.ts';

/**
 * The one place the object commands run, whatever asked (toolbar, context menu, key,
 * drop): each entry's request goes out and shows as pending on its object until the live
 * stream shows the outcome; a refusal shows the server's reason; dialog commands open
 * their dialog.
 */
export function CommandsProvider({ children }: { children: ReactNode }) {
  const [tracker] = useState(() => new PendingTracker());
  const context = useCommandContextOf(tracker);
  const cluster = context?.cluster;

  useEffect(() => {
    if (cluster) tracker.settle(cluster);
  }, [cluster, tracker]);
  useEffect(() => {
    // Deadlines pass without any change on the stream.
    const timer = setInterval(() => cluster && tracker.settle(cluster), 5000);
    return () => clearInterval(timer);
  }, [cluster, tracker]);

  const { execute, send } = useCommandRunner({ list: commands, context, tracker });
  const value = useMemo(() => ({ tracker, execute, send }), [tracker, execute, send]);
  return <CommandsContext.Provider value={value}>{children}</CommandsContext.Provider>;
}
