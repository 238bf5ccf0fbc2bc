import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { WolfpackError } from '@wolfpack/client';
import type { LoginRequest, SessionInfo } from '@wolfpack/contracts';
import { client } from '../api/index.ts';
import { queryKeys } from '../live/query-keys.ts';

/*
 * The session's CSRF token is the client's business: it keeps the one `session.login` or
 * `session.get` answered, sends it on every change, and drops it on `session.logout`.
 * Here the console only tells it to forget when the session is over some other way.
 */

/** Who is signed in: null when nobody is (GET /session answered 401). */
export function useSession() {
  return useQuery<SessionInfo | null>({
    queryKey: queryKeys.session,
    queryFn: async () => {
      try {
        return await client.session.get();
      } catch (error) {
        if (error instanceof WolfpackError && error.status === 401) {
          client.forgetCredentials();
          return null;
        }
        throw error;
      }
    },
    staleTime: Infinity,
    // A refusal will not change by asking again; no answer at all (status 0) might.
    retry: (failures, error) => !(error instanceof WolfpackError && error.status < 500 && error.status !== 0) && failures < 3,
  });
}

/** Log on: POST /session; the session cookie comes back HttpOnly, the CSRF token in the body (the client keeps it). */
export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: LoginRequest) => client.session.login(credentials),
    onSuccess: (session) => {
      queryClient.setQueryData(queryKeys.session, session);
    },
  });
}

/** Log out: DELETE /session, then forget everything the signed-in user saw. */
export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => client.session.logout().catch(() => undefined),
    onSettled: () => signedOut(queryClient),
  });
}

/**
 * The session is over (logout, or a 401 from anywhere): back to the login page with an
 * empty cache. The live feed closes as LiveProvider leaves the page with the session.
 */
export function signedOut(queryClient: ReturnType<typeof useQueryClient>): void {
  client.forgetCredentials();
  queryClient.cancelQueries();
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== queryKeys.session[0] });
  queryClient.setQueryData(queryKeys.session, null);
}
