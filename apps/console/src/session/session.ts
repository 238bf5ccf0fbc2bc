import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LoginRequest, SessionInfo } from '@wolfpack/contracts';
import { api, apiClient, ApiError } from '../api/index.ts';
import { queryKeys } from '../live/query-keys.ts';

/** Who is signed in: null when nobody is (GET /session answered 401). */
export function useSession() {
  return useQuery<SessionInfo | null>({
    queryKey: queryKeys.session,
    queryFn: async () => {
      try {
        const session = await api.session.get();
        apiClient.setCsrfToken(session.csrfToken);
        return session;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          apiClient.setCsrfToken(undefined);
          return null;
        }
        throw error;
      }
    },
    staleTime: Infinity,
    retry: (failures, error) => !(error instanceof ApiError && error.status < 500 && error.status !== 0) && failures < 3,
  });
}

/** Log on: POST /session; the session cookie comes back HttpOnly, the CSRF token in the body. */
export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: LoginRequest) => api.session.login(credentials),
    onSuccess: (session) => {
      apiClient.setCsrfToken(session.csrfToken);
      queryClient.setQueryData(queryKeys.session, session);
    },
  });
}

/** Log out: DELETE /session, then forget everything the signed-in user saw. */
export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.session.logout().catch(() => undefined),
    onSettled: () => signedOut(queryClient),
  });
}

/** The session is over (logout, or a 401 from anywhere): back to the login page with an empty cache. */
export function signedOut(queryClient: ReturnType<typeof useQueryClient>): void {
  apiClient.setCsrfToken(undefined);
  queryClient.cancelQueries();
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== queryKeys.session[0] });
  queryClient.setQueryData(queryKeys.session, null);
}
