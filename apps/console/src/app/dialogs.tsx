import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Selection } from './selection.ts';

/** What an open dialog may do besides closing: select what it created (the wizards). */
export interface DialogHostProps {
  onClose(): void;
  onSelect(selection: Selection): void;
}

/** A dialog to open: commands' entries make these (`ConsoleCommand.dialog`); the host renders whichever is open. */
export interface DialogRequest {
  /** Names the dialog (React remounts it when another opens). */
  key: string;
  render(host: DialogHostProps): ReactNode;
}

interface Dialogs {
  current: DialogRequest | null;
  open(request: DialogRequest): void;
  close(): void;
}

const DialogContext = createContext<Dialogs | null>(null);

/** The dialogs the console opens: one at a time, as in Cluster Administrator. */
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
