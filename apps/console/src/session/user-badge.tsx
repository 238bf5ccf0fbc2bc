import { useRef, useState } from 'react';
import type { SessionInfo } from '@wolfpack/contracts';
import { Menu, type MenuEntry } from '../actions/menu.tsx';
import { useDialogs } from '../app/dialogs.tsx';
import { roleLabel } from './roles.ts';
import { useLogout } from './session.ts';
import { sessionCommandsFor, type SessionCommandId } from './session-commands.ts';

/**
 * The signed-in user and role in the title bar; the name opens the user's menu: Change
 * Password…, Users… (admins), Log out. It follows the session's role as it changes.
 */
export function UserBadge({ session }: { session: SessionInfo }) {
  const logout = useLogout();
  const dialogs = useDialogs();
  const button = useRef<HTMLButtonElement>(null);
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const run = (id: SessionCommandId) => {
    switch (id) {
      case 'change-password':
        return dialogs.open({ type: 'change-password' });
      case 'users':
        return dialogs.open({ type: 'users', self: session.user });
      case 'log-out':
        return logout.mutate();
    }
  };
  const entries: MenuEntry[] = sessionCommandsFor(session.role).map((command) => ({
    id: command.id,
    label: command.label,
    separatorBefore: command.separatorBefore ?? false,
    disabledReason: command.id === 'log-out' && logout.isPending ? 'Logging out…' : undefined,
    onSelect: () => run(command.id),
  }));
  const open = () => {
    const box = button.current?.getBoundingClientRect();
    setMenu(box ? { x: box.left, y: box.bottom + 2 } : { x: 0, y: 0 });
  };
  return (
    <div className="user-badge">
      <button
        ref={button}
        type="button"
        className="user-menu-button"
        aria-haspopup="menu"
        aria-expanded={menu !== null}
        onClick={() => (menu ? setMenu(null) : open())}
      >
        <span className="user-name" data-testid="signed-in-user">{session.user}</span>
        <span aria-hidden="true"> ▾</span>
      </button>
      <span className="user-role" aria-label={`Role: ${roleLabel[session.role]}`}>{roleLabel[session.role]}</span>
      {menu && (
        <Menu
          label={session.user}
          entries={entries}
          position={menu}
          onClose={() => {
            setMenu(null);
            button.current?.focus();
          }}
        />
      )}
    </div>
  );
}
