import type { Role } from '@wolfpack/contracts';

/** What a role may do in the console; the server checks again on every request. */
export type Capability = 'view' | 'operate' | 'administer';

const rank: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };
const needed: Record<Capability, number> = { view: 0, operate: 1, administer: 2 };

/** viewer: read; operator: online/offline/fail/move/pause/resume; admin: everything else. */
export function can(role: Role | undefined, capability: Capability): boolean {
  return role !== undefined && rank[role] >= needed[capability];
}

/** The capability a role has at most, for labels. */
export const roleLabel: Record<Role, string> = { viewer: 'Viewer', operator: 'Operator', admin: 'Administrator' };
