import { errorMessage } from '@wolfpack/client';
import { lazy, Suspense } from 'react';
import { LoginPage } from '../session/login-page.tsx';
import { useSession } from '../session/session.ts';

// Loaded once someone is signed in: the login page needs none of the console's code.
const SignedInConsole = lazy(() => import('./signed-in-console.tsx'));

const loading = (
  <p className="loading" role="status">
    Loading…
  </p>
);

/** The login page until someone is signed in; then the live console, for as long as the session lasts. */
export function App() {
  const session = useSession();
  if (session.isPending) return loading;
  if (session.isError)
    return (
      <p className="form-error" role="alert">
        The server cannot be reached: {errorMessage(session.error)}
      </p>
    );
  if (!session.data) return <LoginPage />;
  return (
    <Suspense fallback={loading}>
      <SignedInConsole session={session.data} />
    </Suspense>
  );
}
