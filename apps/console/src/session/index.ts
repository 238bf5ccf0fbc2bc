/** Signing in and out, who is signed in, and what their role allows. */
export { accessOf, mayRun, roleAllows, roleLabel } from './roles.ts';
export { signedOut, useLogin, useLogout, useSession } from './session.ts';
export { LoginPage } from './login-page.tsx';
export { UserBadge } from './user-badge.tsx';
export { UsersDialog } from './users-dialog.tsx';
