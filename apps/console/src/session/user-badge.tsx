import { useRef, useState } from 'react';
import type { SessionInfo } from '@wolfpack/contracts';
import type { CommandTarget } from '../actions/command.ts';
import { menuEntries } from '../actions/command-entries.ts';
import { useCommandRunner } from '../actions/command-runner.ts';
import { Menu } from '../actions/menu.tsx';
import { availableCommands } from '../actions/command-availability.ts';
import { roleLabel } from './roles.ts';
import { sessionCommands, sessionContextOf } from './session-commands.tsx';

/**
 * The signed-in user and role in the title bar; the name opens the user's menu: Change
 * Password…, Users… (admins), Log out. It follows the session's role as it changes.
 */
export function UserBadge({ session }: { session: SessionInfo }) {
  const { execute, sending } = useCommandRunner({ list: sessionCommands, context: undefined });
  const button = useRef<HTMLButtonElement>(null);
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const target: CommandTarget = { kind: 'user', name: session.user };
  const entries = menuEntries(
    target,
    availableCommands(target, sessionContextOf(session.role, sending), sessionCommands),
    execute,
  );
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
        <span className="user-name" data-testid="signed-in-user">
          {session.user}
        </span>
        <span aria-hidden="true"> ▾</span>
      </button>
      <span className="user-role" aria-label={`Role: ${roleLabel[session.role]}`}>
        {roleLabel[session.role]}
      </span>
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
