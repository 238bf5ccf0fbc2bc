import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';

/** One entry of a menu: an action, or a submenu of entries. */
export interface MenuEntry {
  id: string;
  label: string;
  shortcut?: string;
  disabledReason?: string | undefined;
  onSelect?: () => void;
  submenu?: MenuEntry[];
  separatorBefore?: boolean;
}

interface MenuProps {
  label: string;
  entries: MenuEntry[];
  /** Where the menu opens (viewport pixels). */
  position: { x: number; y: number };
  onClose: () => void;
  /** Focus the first item on open (menus opened by keyboard or click). */
  autoFocus?: boolean;
  /** A submenu's parent: ArrowLeft returns there. */
  onCollapse?: () => void;
}

/**
 * A menu as the ARIA pattern has it (role menu, menuitem, submenus with aria-haspopup):
 * arrows move, Enter or Space chooses, ArrowRight opens a submenu, ArrowLeft or Escape
 * closes, a click elsewhere closes. Unavailable items stay visible, disabled, with why.
 */
export function Menu({ label, entries, position, onClose, autoFocus = true, onCollapse }: MenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [openSubmenu, setOpenSubmenu] = useState<string | null>(null);
  const [place, setPlace] = useState(position);

  useLayoutEffect(() => {
    // Keep the menu inside the window.
    const box = ref.current?.getBoundingClientRect();
    if (!box) return;
    const x = Math.max(4, Math.min(position.x, window.innerWidth - box.width - 4));
    const y = Math.max(4, Math.min(position.y, window.innerHeight - box.height - 4));
    if (x !== place.x || y !== place.y) setPlace({ x, y });
  }, [position.x, position.y]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (autoFocus) items()[0]?.focus();
    if (onCollapse) return; // the root menu listens for outside clicks
    const outside = (event: MouseEvent) => {
      if (!(event.target instanceof Node) || !ref.current?.parentElement?.contains(event.target)) onClose();
    };
    const blur = () => onClose();
    document.addEventListener('mousedown', outside, true);
    window.addEventListener('blur', blur);
    window.addEventListener('resize', blur);
    return () => {
      document.removeEventListener('mousedown', outside, true);
      window.removeEventListener('blur', blur);
      window.removeEventListener('resize', blur);
    };
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const items = () => [...(ref.current?.querySelectorAll<HTMLElement>(':scope > [role="menuitem"]') ?? [])];

  const move = (delta: number | 'first' | 'last') => {
    const list = items();
    const index = list.indexOf(document.activeElement as HTMLElement);
    const next =
      delta === 'first' ? 0 : delta === 'last' ? list.length - 1 : (index + delta + list.length) % list.length;
    list[next]?.focus();
  };

  const choose = (entry: MenuEntry) => {
    if (entry.disabledReason) return;
    if (entry.submenu) {
      setOpenSubmenu(entry.id);
      return;
    }
    onClose();
    entry.onSelect?.();
  };

  const onKeyDown = (event: ReactKeyboardEvent, entry: MenuEntry) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(1),
      ArrowUp: () => move(-1),
      Home: () => move('first'),
      End: () => move('last'),
      Enter: () => choose(entry),
      ' ': () => choose(entry),
      ArrowRight: () => entry.submenu && !entry.disabledReason && setOpenSubmenu(entry.id),
      ArrowLeft: () => (onCollapse ? onCollapse() : undefined),
      Escape: () => (onCollapse ? onCollapse() : onClose()),
      Tab: () => onClose(),
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    action();
  };

  return (
    <div
      ref={ref}
      role="menu"
      aria-label={label}
      className="menu"
      style={{ left: place.x, top: place.y }}
      onContextMenu={(e) => e.preventDefault()}
    >
      {entries.map((entry) => {
        const disabled = Boolean(entry.disabledReason);
        return [
          entry.separatorBefore ? <div key={`${entry.id}-sep`} role="separator" className="menu-separator" /> : null,
          <div
            key={entry.id}
            role="menuitem"
            tabIndex={-1}
            className="menu-item"
            aria-label={entry.label}
            aria-disabled={disabled || undefined}
            aria-haspopup={entry.submenu ? 'menu' : undefined}
            aria-expanded={entry.submenu ? openSubmenu === entry.id : undefined}
            aria-keyshortcuts={entry.shortcut}
            aria-description={entry.disabledReason}
            title={entry.disabledReason}
            onClick={(event) => {
              event.stopPropagation();
              choose(entry);
            }}
            onMouseEnter={(event) => {
              (event.currentTarget as HTMLElement).focus();
              setOpenSubmenu(entry.submenu && !disabled ? entry.id : null);
            }}
            onKeyDown={(event) => onKeyDown(event, entry)}
          >
            <span className="menu-label">{entry.label}</span>
            {entry.shortcut && (
              <span className="menu-shortcut" aria-hidden="true">
                {entry.shortcut}
              </span>
            )}
            {entry.submenu && (
              <span className="menu-arrow" aria-hidden="true">
                ▸
              </span>
            )}
            {entry.submenu && openSubmenu === entry.id && (
              <SubmenuAnchor
                label={entry.label}
                entries={entry.submenu}
                onClose={onClose}
                onCollapse={() => {
                  setOpenSubmenu(null);
                  items()
                    .find(
                      (item) =>
                        item.getAttribute('aria-expanded') !== null && item.textContent?.startsWith(entry.label),
                    )
                    ?.focus();
                }}
              />
            )}
          </div>,
        ];
      })}
    </div>
  );
}

/** A submenu opens beside its item. */
function SubmenuAnchor({
  label,
  entries,
  onClose,
  onCollapse,
}: {
  label: string;
  entries: MenuEntry[];
  onClose: () => void;
  onCollapse: () => void;
}) {
  const anchor = useRef<HTMLSpanElement>(null);
  const [position, setPosition] = useState<{ x: number; y: number } | null>(null);
  useLayoutEffect(() => {
    const item = anchor.current?.parentElement?.getBoundingClientRect();
    if (item) setPosition({ x: item.right - 2, y: item.top - 4 });
  }, []);
  return (
    <span ref={anchor} onClick={(e) => e.stopPropagation()} onMouseEnter={(e) => e.stopPropagation()}>
      {position && (
        <Menu label={label} entries={entries} position={position} onClose={onClose} onCollapse={onCollapse} />
      )}
    </span>
  );
}
