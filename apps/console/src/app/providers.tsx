import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { client } from '../api/index.ts';
import { queryKeys } from '../live/query-keys.ts';
import { signedOut } from '../session/session.ts';

/**
 * The one QueryClient: no refetch on focus or reconnect (the live stream keeps the
 * cluster fresh; nothing polls), and a 401 from any request ends the session.
 */
export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(() => {
    const created = new QueryClient({
      defaultOptions: {
        queries: { refetchOnWindowFocus: false, refetchOnReconnect: false, retry: 1 },
        mutations: { retry: false },
      },
    });
    // The session ended (expired, logged out elsewhere, server restarted with new secrets).
    client.onUnauthorized(() => {
      if (created.getQueryData(queryKeys.session))
        signedOut(
          created,
          'the server no longer accepts this session (signed out elsewhere, expired, or the password was changed)',
        );
    });
    return created;
  });
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
