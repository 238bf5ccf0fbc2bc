/** Signing in and out, who is signed in, and what their role allows. */
export { accessOf, mayRun, roleAllows, roleLabel } from './roles.ts';
export { logOut, rereadSession, signedOut, useLogin, useLogout, useSession, useSessionEnded } from './session.ts';
export { sessionCommands, sessionContextOf } from './session-commands.tsx';
export { ChangePasswordDialog } from './change-password-dialog.tsx';
export { LoginPage } from './login-page.tsx';
export { UserBadge } from './user-badge.tsx';
export { UsersDialog } from './users-dialog.tsx';
