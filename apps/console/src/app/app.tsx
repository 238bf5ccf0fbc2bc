import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { errorMessage } from '@wolfpack/client';
import { CommandsProvider } from '../actions/commands-provider.tsx';
import { LiveProvider } from '../live/live-provider.tsx';
import { ConsolePanelServices } from '../panels/index.ts';
import { LoginPage } from '../session/login-page.tsx';
import { rereadSession, signedOut, useSession } from '../session/session.ts';
import { ConsoleLayout } from './console-layout.tsx';
import { DialogProvider } from './dialogs.tsx';
import { NotificationsProvider } from './notifications.tsx';

/** The login page until someone is signed in; then the live console, for as long as the session lasts. */
export function App() {
  const session = useSession();
  const queryClient = useQueryClient();
  const onUnauthorized = useCallback((reason: string | undefined) => signedOut(queryClient, reason), [queryClient]);
  // A role change ends the stream and the feed reconnects at once: the menus follow the new role.
  const onReconnected = useCallback(() => void rereadSession(queryClient), [queryClient]);
  if (session.isPending)
    return (
      <p className="loading" role="status">
        Loading…
      </p>
    );
  if (session.isError)
    return (
      <p className="form-error" role="alert">
        The server cannot be reached: {errorMessage(session.error)}
      </p>
    );
  if (!session.data) return <LoginPage />;
  return (
    <LiveProvider key={session.data.user} onUnauthorized={onUnauthorized} onReconnected={onReconnected}>
      <ConsolePanelServices>
        <NotificationsProvider>
          <DialogProvider>
            <CommandsProvider>
              <ConsoleLayout session={session.data} />
            </CommandsProvider>
          </DialogProvider>
        </NotificationsProvider>
      </ConsolePanelServices>
    </LiveProvider>
  );
}
