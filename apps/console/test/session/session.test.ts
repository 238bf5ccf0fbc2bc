// @vitest-environment happy-dom
import { createElement, type ReactNode } from 'react';
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { WolfpackError } from '@wolfpack/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { client } from '../../src/api/index.ts';
import { Providers } from '../../src/app/providers.tsx';
import { useLogin, useLogout, useSession } from '../../src/session/session.ts';

// The console's session code over its one @wolfpack/client: which CSRF token goes out
// with which request, and what ends a session. `fetch` stands where the server is.

interface Sent {
  method: string;
  url: string;
  csrf: string | undefined;
}

let sent: Sent[];
let signedIn: boolean;

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const refused = () => json(401, { error: 'unauthorized', message: 'sign in first' });

const hint = 'wolfpack_signed_in';
const hintSet = () => document.cookie.split(';').some((pair) => pair.trim().startsWith(`${hint}=`));

beforeEach(() => {
  sent = [];
  signedIn = true;
  // The server's readable hint that a session may exist (set with the session cookie).
  // biome-ignore lint/suspicious/noDocumentCookie: the console reads document.cookie; the test sets what the server would
  document.cookie = `${hint}=1; Path=/`;
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const method = init.method ?? 'GET';
    sent.push({ method, url, csrf: (init.headers as Record<string, string>)['x-csrf-token'] });
    if (url === '/api/v1/session' && method === 'GET')
      return signedIn ? json(200, { user: 'admin', role: 'admin', csrfToken: 'from-get' }) : refused();
    if (url === '/api/v1/session' && method === 'POST') {
      signedIn = true;
      return json(200, { user: 'admin', role: 'admin', csrfToken: 'from-login' });
    }
    if (url === '/api/v1/session' && method === 'DELETE') {
      signedIn = false;
      return new Response(null, { status: 204 });
    }
    if (!signedIn) return refused();
    if (url === '/api/v1/groups/SOCKET_GROUP/online') return json(202, { revision: 12, message: 'accepted' });
    return json(404, { error: 'not-found', message: `no route ${method} ${url}` });
  });
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  client.forgetCredentials();
  client.onUnauthorized(undefined);
});

function withQueryClient() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) =>
    createElement(QueryClientProvider, { client: queryClient }, children);
  return { queryClient, wrapper };
}

const last = (method: string, url: string) =>
  sent.filter((request) => request.method === method && request.url === url).at(-1);

describe('the session over @wolfpack/client', () => {
  it('no hint that a session exists: nobody is signed in, and nothing is asked (no 401 to log)', async () => {
    // biome-ignore lint/suspicious/noDocumentCookie: the console reads document.cookie; the test sets what the server would
    document.cookie = `${hint}=; Path=/; Max-Age=0`;
    const { wrapper } = withQueryClient();
    const { result } = renderHook(() => useSession(), { wrapper });
    await waitFor(() => expect(result.current.data).toBeNull());
    expect(sent).toEqual([]);
  });

  it('a hint the server no longer backs (401) is forgotten: the next visit asks nothing', async () => {
    signedIn = false;
    const { wrapper } = withQueryClient();
    const { result } = renderHook(() => useSession(), { wrapper });
    await waitFor(() => expect(result.current.data).toBeNull());
    expect(sent.map((request) => `${request.method} ${request.url}`)).toEqual(['GET /api/v1/session']);
    expect(hintSet()).toBe(false);
  });

  it('sends the CSRF token GET /session answered on every change, and on no read', async () => {
    const { wrapper } = withQueryClient();
    const { result } = renderHook(() => useSession(), { wrapper });
    await waitFor(() => expect(result.current.data?.user).toBe('admin'));
    expect(last('GET', '/api/v1/session')?.csrf).toBeUndefined();
    await client.groups.online('SOCKET_GROUP');
    expect(last('POST', '/api/v1/groups/SOCKET_GROUP/online')?.csrf).toBe('from-get');
  });

  it("nobody signed in: null, and nothing to send; logging on keeps the login's token", async () => {
    signedIn = false;
    const { wrapper } = withQueryClient();
    const { result } = renderHook(() => ({ session: useSession(), login: useLogin() }), { wrapper });
    await waitFor(() => expect(result.current.session.data).toBeNull());
    expect(client.csrfToken).toBeUndefined();
    await act(() => result.current.login.mutateAsync({ username: 'admin', password: 'pw' }));
    await waitFor(() => expect(result.current.session.data?.role).toBe('admin'));
    await client.groups.online('SOCKET_GROUP');
    expect(last('POST', '/api/v1/groups/SOCKET_GROUP/online')?.csrf).toBe('from-login');
  });

  it('logging out sends the token one last time, then forgets it and everything the user saw', async () => {
    const { queryClient, wrapper } = withQueryClient();
    const { result } = renderHook(() => ({ session: useSession(), logout: useLogout() }), { wrapper });
    await waitFor(() => expect(result.current.session.data?.user).toBe('admin'));
    queryClient.setQueryData(['cluster'], { name: 'INS_CLUS' });
    await act(() => result.current.logout.mutateAsync());
    expect(last('DELETE', '/api/v1/session')?.csrf).toBe('from-get');
    await waitFor(() => expect(result.current.session.data).toBeNull());
    expect(client.csrfToken).toBeUndefined();
    expect(queryClient.getQueryData(['cluster'])).toBeUndefined();
  });

  it('a 401 from any call ends the session: back to the login page, the token forgotten', async () => {
    const { result } = renderHook(() => useSession(), { wrapper: Providers });
    await waitFor(() => expect(result.current.data?.user).toBe('admin'));
    expect(client.csrfToken).toBe('from-get');
    signedIn = false; // the session expired on the server
    const error = await client.groups.online('SOCKET_GROUP').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WolfpackError);
    expect(error).toMatchObject({ status: 401, code: 'unauthorized', message: 'sign in first' });
    await waitFor(() => expect(result.current.data).toBeNull());
    expect(client.csrfToken).toBeUndefined();
  });
});
