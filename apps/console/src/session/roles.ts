import { commandAccess, roleAllows, roleRank, type Access, type EndpointCommand, type Role } from '@wolfpack/contracts';

/*
 * What a role may do in the console. Nothing is ranked here: the rank is the contracts'
 * (`roleAllows`), and each command's role is the one its endpoint needs (`commandAccess`,
 * read off the endpoint table), so the server's guard and the console's menus cannot
 * disagree. The server checks again on every request.
 */

export { roleAllows };

const rankOf = (access: Access): number => (access === 'public' ? -1 : roleRank[access]);

/**
 * The role needed to run all of these commands (the highest, when they differ), e.g.
 * `accessOf('bring-group-online', 'bring-resource-online')` → operator.
 */
export function accessOf(...commands: [EndpointCommand, ...EndpointCommand[]]): Access {
  let strictest: Access = 'public';
  for (const command of commands) {
    const access = commandAccess[command];
    if (rankOf(access) > rankOf(strictest)) strictest = access;
  }
  return strictest;
}

/** Whether the role may run the command (false when nobody is signed in). */
export const mayRun = (role: Role | undefined, command: EndpointCommand): boolean =>
  roleAllows(role, accessOf(command));

/** A role as the console names it. */
export const roleLabel: Record<Role, string> = { viewer: 'Viewer', operator: 'Operator', admin: 'Administrator' };
