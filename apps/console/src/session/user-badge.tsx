import type { SessionInfo } from '@wolfpack/contracts';
import { roleLabel } from './roles.ts';
import { useLogout } from './session.ts';

/** The signed-in user and role, and Log out. */
export function UserBadge({ session }: { session: SessionInfo }) {
  const logout = useLogout();
  return (
    <div className="user-badge" aria-label="Signed-in user">
      <span className="user-name" data-testid="signed-in-user">{session.user}</span>
      <span className="user-role" aria-label={`Role: ${roleLabel[session.role]}`}>{roleLabel[session.role]}</span>
      <button type="button" onClick={() => logout.mutate()} disabled={logout.isPending}>
        Log out
      </button>
    </div>
  );
}
