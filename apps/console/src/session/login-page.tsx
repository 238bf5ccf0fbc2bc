import { useState, type FormEvent } from 'react';
import { errorMessage } from '@wolfpack/client';
import { useLogin, useSessionEnded } from './session.ts';

/** The sign-in form: user name and password, the server's reason when it refuses. */
export function LoginPage() {
  const login = useLogin();
  const ended = useSessionEnded();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ username, password });
  };
  return (
    <main className="login-page">
      <form className="login-box" onSubmit={submit} aria-labelledby="login-title">
        <div className="login-brand" aria-hidden="true">
          <span className="brand-mark">◆</span>
        </div>
        <h1 id="login-title">Wolfpack Cluster Administrator</h1>
        <p className="login-hint">Log on to manage the cluster.</p>
        {ended && !login.isError && (
          <p className="session-ended" role="status">
            You were signed out: {ended}
          </p>
        )}
        <label>
          User name
          <input
            name="username"
            autoComplete="username"
            autoFocus
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {login.isError && (
          <p className="form-error" role="alert">
            {login.error instanceof Error && 'status' in login.error && login.error.status === 401
              ? 'The user name or password is incorrect.'
              : errorMessage(login.error)}
          </p>
        )}
        <button type="submit" className="primary" disabled={login.isPending}>
          {login.isPending ? 'Logging on…' : 'Log on'}
        </button>
      </form>
    </main>
  );
}
