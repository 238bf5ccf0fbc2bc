import { useState } from 'react';
import { endpoints, type SessionInfo } from '@wolfpack/contracts';
import { roleAllows, roleLabel } from './roles.ts';
import { useLogout } from './session.ts';
import { UsersDialog } from './users-dialog.tsx';

/** The signed-in user and role, Users… for admins, and Log out. */
export function UserBadge({ session }: { session: SessionInfo }) {
  const logout = useLogout();
  const [users, setUsers] = useState(false);
  return (
    <div className="user-badge" aria-label="Signed-in user">
      <span className="user-name" data-testid="signed-in-user">{session.user}</span>
      <span className="user-role" aria-label={`Role: ${roleLabel[session.role]}`}>{roleLabel[session.role]}</span>
      {roleAllows(session.role, endpoints.users.list.access) && (
        <button type="button" onClick={() => setUsers(true)}>Users…</button>
      )}
      <button type="button" onClick={() => logout.mutate()} disabled={logout.isPending}>
        Log out
      </button>
      {users && <UsersDialog self={session.user} onClose={() => setUsers(false)} />}
    </div>
  );
}
