import { endpoints, type Role } from '@wolfpack/contracts';
import type { CommandContext, ConsoleCommand } from '../actions/command.ts';
import type { ClusterCache } from '../live/cluster-cache.ts';
import { ChangePasswordDialog } from './change-password-dialog.tsx';
import { accessOf } from './roles.ts';
import { logOut } from './session.ts';
import { UsersDialog } from './users-dialog.tsx';

/*
 * The signed-in user's menu (the name in the title bar): commands about the person, not
 * about a cluster object. Entries of the same shape as the object commands (see
 * actions/command.ts), for the target `{ kind: 'user', name }`; each with the role its
 * endpoint needs.
 */

const isUser = (target: { kind: string }) => target.kind === 'user';

/** In menu order. */
export const sessionCommands: readonly ConsoleCommand[] = [
  {
    id: 'change-password',
    label: 'Change Password…',
    section: 'account',
    access: accessOf('change-password'),
    appliesTo: isUser,
    dialog: () => ({ key: 'change-password', render: ({ onClose }) => <ChangePasswordDialog onClose={onClose} /> }),
  },
  {
    id: 'users',
    label: 'Users…',
    section: 'account',
    access: endpoints.users.list.access,
    appliesTo: isUser,
    dialog: ({ target }) => ({
      key: 'users',
      render: ({ onClose }) => <UsersDialog self={target.name} onClose={onClose} />,
    }),
  },
  {
    id: 'log-out',
    label: 'Log out',
    section: 'session',
    access: accessOf('logout'),
    appliesTo: isUser,
    disabledReason: (target, context) => (context.isPending(target) ? 'Logging out…' : undefined),
    send: (_invocation, { queryClient }) => logOut(queryClient),
  },
];

/** No cluster: the user's menu decides without one (it is shown wherever the person is signed in). */
const noCluster: ClusterCache = {
  name: '',
  revision: 0,
  nodes: new Map(),
  groups: new Map(),
  resources: new Map(),
  resourceTypes: new Map(),
};

/** The context the user's menu decides in: the role, and whether one of its commands is being sent. */
export const sessionContextOf = (role: Role | undefined, sending: boolean): CommandContext => ({
  role,
  cluster: noCluster,
  isPending: () => sending,
});
