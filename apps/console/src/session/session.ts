import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { WolfpackError } from '@wolfpack/client';
import { signedInHintCookieName, type LoginRequest, type SessionInfo } from '@wolfpack/contracts';
import { client } from '../api/index.ts';
import { queryKeys } from '../live/query-keys.ts';

/*
 * The session's CSRF token is the client's business: it keeps the one `session.login` or
 * `session.get` answered, sends it on every change, and drops it on `session.logout`.
 * Here the console only tells it to forget when the session is over some other way.
 */

/** Whether this browser may hold a session: the server sets a readable hint beside the HttpOnly cookie. */
function mayBeSignedIn(): boolean {
  return document.cookie.split(';').some((pair) => pair.trim().startsWith(`${signedInHintCookieName}=`));
}

/** Forget the hint when the server says the session is gone (expired, ended elsewhere). */
function forgetSignedInHint(): void {
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not in every browser the console supports
  document.cookie = `${signedInHintCookieName}=; Path=/; Max-Age=0; SameSite=Strict`;
}

/**
 * Who is signed in: null when nobody is. Without the hint nobody is, and nothing is
 * asked (a refused probe would be logged in the browser's console on every first visit);
 * with it, GET /session says (401: nobody).
 */
export function useSession() {
  return useQuery<SessionInfo | null>({
    queryKey: queryKeys.session,
    queryFn: async () => {
      if (!mayBeSignedIn()) return null;
      try {
        return await client.session.get();
      } catch (error) {
        if (error instanceof WolfpackError && error.status === 401) {
          client.forgetCredentials();
          forgetSignedInHint();
          return null;
        }
        throw error;
      }
    },
    staleTime: Infinity,
    // A refusal will not change by asking again; no answer at all (status 0) might.
    retry: (failures, error) =>
      !(error instanceof WolfpackError && error.status < 500 && error.status !== 0) && failures < 3,
  });
}

/** Log on: POST /session; the session cookie comes back HttpOnly, the CSRF token in the body (the client keeps it). */
export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: LoginRequest) => client.session.login(credentials),
    onSuccess: (session) => {
      queryClient.setQueryData(queryKeys.sessionEnded, null);
      queryClient.setQueryData(queryKeys.session, session);
    },
  });
}

/** Log out: DELETE /session, then forget everything the signed-in user saw, whatever the answer. */
export async function logOut(queryClient: ReturnType<typeof useQueryClient>): Promise<void> {
  await client.session.logout().catch(() => undefined);
  signedOut(queryClient);
}

/** Log out, as a mutation. */
export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: () => logOut(queryClient) });
}

/**
 * The session is over (logout, or a 401 from anywhere): back to the login page with an
 * empty cache, saying `reason` when the person did not end it themselves. The live feed
 * closes as LiveProvider leaves the page with the session.
 */
export function signedOut(queryClient: ReturnType<typeof useQueryClient>, reason?: string): void {
  client.forgetCredentials();
  forgetSignedInHint();
  queryClient.cancelQueries();
  const kept = new Set<unknown>([queryKeys.session[0], queryKeys.sessionEnded[0]]);
  queryClient.removeQueries({ predicate: (query) => !kept.has(query.queryKey[0]) });
  queryClient.setQueryData(queryKeys.sessionEnded, reason ?? null);
  queryClient.setQueryData(queryKeys.session, null);
}

/** Why the last session ended (the server's words), for the login page; null after a logout or a new login. */
export function useSessionEnded(): string | null {
  // Only ever written (signedOut, login): nothing to fetch.
  return (
    useQuery<string | null>({
      queryKey: queryKeys.sessionEnded,
      queryFn: () => null,
      enabled: false,
      staleTime: Infinity,
    }).data ?? null
  );
}

/**
 * Read who is signed in again: their role may have changed (the server ends the live
 * stream on a role change and the feed reconnects). The answer replaces the session only
 * while the same user is still signed in; a 401 ends the session through the client's
 * onUnauthorized; a failure leaves it as it was (the console stays; the server still
 * checks every request).
 */
export async function rereadSession(queryClient: ReturnType<typeof useQueryClient>): Promise<void> {
  let fresh: SessionInfo;
  try {
    fresh = await client.session.get();
  } catch {
    return;
  }
  const current = queryClient.getQueryData<SessionInfo | null>(queryKeys.session);
  if (current && current.user === fresh.user) queryClient.setQueryData(queryKeys.session, fresh);
}
