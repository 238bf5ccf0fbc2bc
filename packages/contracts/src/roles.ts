import type { Role } from './auth.ts';

/*
 * Who may do what, written once: the server's role guard and the console's menus read
 * these. The CLI's "needs role …" line is the guard's own 403 message, printed as it came.
 */

/** Who may call an endpoint: anyone, or a signed-in user with at least this role. */
export type Access = 'public' | Role;

/** viewer < operator < admin: each role may do everything the ones below it may. */
export const roleRank: Readonly<Record<Role, number>> = { viewer: 0, operator: 1, admin: 2 };

/** The roles from least to most. */
export const roles: readonly Role[] = ['viewer', 'operator', 'admin'];

/** True when a user with `role` may do what `access` asks for (undefined: nobody is signed in). */
export function roleAllows(role: Role | undefined, access: Access): boolean {
  if (access === 'public') return true;
  return role !== undefined && roleRank[role] >= roleRank[access];
}
