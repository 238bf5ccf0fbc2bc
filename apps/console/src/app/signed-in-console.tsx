import { useQueryClient } from '@tanstack/react-query';
import type { SessionInfo } from '@wolfpack/contracts';
import { useCallback } from 'react';
import { CommandsProvider } from '../actions/commands-provider.tsx';
import { LiveProvider } from '../live/live-provider.tsx';
import { ConsolePanelServices } from '../panels/index.ts';
import { rereadSession, signedOut } from '../session/session.ts';
import { ConsoleLayout } from './console-layout.tsx';
import { DialogProvider } from './dialogs.tsx';
import { NotificationsProvider } from './notifications.tsx';

/**
 * The console of a signed-in person: the live feed, the panels, the commands, the
 * window. Its own chunk (App loads it with import()), so the login page's first paint
 * carries none of it.
 */
export default function SignedInConsole({ session }: { session: SessionInfo }) {
  const queryClient = useQueryClient();
  const onUnauthorized = useCallback((reason: string | undefined) => signedOut(queryClient, reason), [queryClient]);
  // A role change ends the stream and the feed reconnects at once: the menus follow the new role.
  const onReconnected = useCallback(() => void rereadSession(queryClient), [queryClient]);
  return (
    <LiveProvider key={session.user} onUnauthorized={onUnauthorized} onReconnected={onReconnected}>
      <ConsolePanelServices>
        <NotificationsProvider>
          <DialogProvider>
            <CommandsProvider>
              <ConsoleLayout session={session} />
            </CommandsProvider>
          </DialogProvider>
        </NotificationsProvider>
      </ConsolePanelServices>
    </LiveProvider>
  );
}
