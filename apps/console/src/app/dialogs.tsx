import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { CommandTarget } from '../actions/registry.ts';

/** The dialogs the console opens: one at a time, as in Cluster Administrator. */
export type DialogRequest =
  | { type: 'properties'; target: CommandTarget & { kind: 'cluster' | 'group' | 'resource' | 'node' | 'resourceType' } }
  | { type: 'new-group' }
  | { type: 'new-resource'; group?: string }
  | { type: 'move'; group: string; node?: string }
  | { type: 'delete'; target: CommandTarget & { kind: 'group' | 'resource' } }
  | { type: 'change-password' }
  | { type: 'users'; self: string };

interface Dialogs {
  current: DialogRequest | null;
  open(request: DialogRequest): void;
  close(): void;
}

const DialogContext = createContext<Dialogs | null>(null);

export function DialogProvider({ children }: { children: ReactNode }) {
  const [current, setCurrent] = useState<DialogRequest | null>(null);
  const value = useMemo<Dialogs>(() => ({ current, open: setCurrent, close: () => setCurrent(null) }), [current]);
  return <DialogContext.Provider value={value}>{children}</DialogContext.Provider>;
}

/** Open and close the console's dialogs. */
export function useDialogs(): Dialogs {
  const context = useContext(DialogContext);
  if (!context) throw new Error('useDialogs needs a DialogProvider');
  return context;
}
