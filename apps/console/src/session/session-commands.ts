import { endpoints, type Access, type Role } from '@wolfpack/contracts';
import { accessOf, roleAllows } from './roles.ts';

/*
 * The signed-in user's menu (the name in the title bar): commands about the person, not
 * about a cluster object, so they live here rather than in the object commands' registry
 * (which the toolbar and context menus show for a target). One entry, one command, each
 * with the role its endpoint needs.
 */

export type SessionCommandId = 'change-password' | 'users' | 'log-out';

export interface SessionCommand {
  id: SessionCommandId;
  label: string;
  access: Access;
  separatorBefore?: boolean;
}

/** In menu order. */
export const sessionCommands: readonly SessionCommand[] = [
  { id: 'change-password', label: 'Change Password…', access: accessOf('change-password') },
  { id: 'users', label: 'Users…', access: endpoints.users.list.access },
  { id: 'log-out', label: 'Log out', access: accessOf('logout'), separatorBefore: true },
];

/** The entries a role sees (every role changes its own password and logs out; admins also manage users). */
export function sessionCommandsFor(role: Role | undefined): SessionCommand[] {
  return sessionCommands.filter((command) => roleAllows(role, command.access));
}
