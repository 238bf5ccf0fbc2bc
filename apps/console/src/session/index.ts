/** Signing in and out, who is signed in, and what their role allows. */
export { accessOf, mayRun, roleAllows, roleLabel } from './roles.ts';
export { rereadSession, signedOut, useLogin, useLogout, useSession, useSessionEnded } from './session.ts';
export { sessionCommands, sessionCommandsFor } from './session-commands.tsx';
export { ChangePasswordDialog } from './change-password-dialog.tsx';
export { LoginPage } from './login-page.tsx';
export { UserBadge } from './user-badge.tsx';
export { UsersDialog } from './users-dialog.tsx';
