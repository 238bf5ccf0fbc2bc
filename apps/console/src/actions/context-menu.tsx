import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { usePanelConsoleCommands } from '../panels/index.ts';
import { menuEntries } from './command-entries.ts';
import type { CommandTarget } from './command.ts';
import { useCommandContext, useCommands } from './commands-context.ts';
import { Menu } from './menu.tsx';
import { commands, commandsFor } from './registry.ts';

interface OpenMenu {
  target: CommandTarget;
  position: { x: number; y: number };
  /** Where focus returns when the menu closes. */
  returnFocus: HTMLElement | null;
}

const ContextMenuContext = createContext<((target: CommandTarget, position: { x: number; y: number }) => void) | null>(
  null,
);

/** The right-click menu of the tree and the list: the same commands as the toolbar. */
export function ContextMenuProvider({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState<OpenMenu | null>(null);
  const context = useCommandContext();
  const { execute } = useCommands();
  const openRef = useRef(open);
  openRef.current = open;
  const show = useCallback((target: CommandTarget, position: { x: number; y: number }) => {
    setOpen({
      target,
      position,
      returnFocus: document.activeElement instanceof HTMLElement ? document.activeElement : null,
    });
  }, []);
  const close = useCallback(() => {
    const returnFocus = openRef.current?.returnFocus;
    setOpen(null);
    returnFocus?.focus();
  }, []);
  // A resource's type may add commands through its panel module (MSCS extension menu items).
  const resource = open?.target.kind === 'resource' ? context?.cluster.resources.get(open.target.name) : undefined;
  const typeCommands = usePanelConsoleCommands(resource?.type);
  const entries = useMemo(
    () =>
      open && context
        ? menuEntries(open.target, commandsFor(open.target, context, [...commands, ...typeCommands]), execute)
        : [],
    [open, context, execute, typeCommands],
  );
  return (
    <ContextMenuContext.Provider value={show}>
      {children}
      {open && entries.length > 0 && (
        <div className="context-menu-layer">
          <Menu label={`Actions for ${open.target.name}`} entries={entries} position={open.position} onClose={close} />
        </div>
      )}
    </ContextMenuContext.Provider>
  );
}

/** Opens the context menu for a target at a point (or under the focused element for the keyboard). */
export function useContextMenu(): (target: CommandTarget, position: { x: number; y: number }) => void {
  const show = useContext(ContextMenuContext);
  if (!show) throw new Error('useContextMenu needs a ContextMenuProvider');
  return show;
}

/** Where a keyboard-opened context menu appears: just below the element's start. */
export function menuPositionOf(element: Element): { x: number; y: number } {
  const box = element.getBoundingClientRect();
  return { x: box.left + 24, y: box.top + Math.min(box.height, 24) };
}
