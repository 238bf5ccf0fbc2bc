// @vitest-environment happy-dom
import { createElement } from 'react';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import type { Role } from '@wolfpack/contracts';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { client } from '../../src/api/index.ts';
import { App } from '../../src/app/app.tsx';
import { Providers } from '../../src/app/providers.tsx';
import { seedSnapshot } from '../fixtures.ts';
import { FakeFeed } from '../live/fake-feed.ts';

// The whole console (App in its Providers) while the server changes who is signed in
// under it: `fetch` stands where the REST API is, a FakeFeed where the /live stream is,
// fed what the client's LiveFeed reports for the server's `revoked` messages.

let role: Role;
let sessionReads: number;
let feeds: FakeFeed[];

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

// App loads the signed-in console with import(): loaded here once, so the first test's
// waits measure the console, not the transform of its modules (seconds on a busy machine).
beforeAll(async () => {
  await import('../../src/app/signed-in-console.tsx');
}, 60_000);

beforeEach(() => {
  role = 'viewer';
  sessionReads = 0;
  feeds = [];
  window.location.hash = '#/groups';
  // The server's readable hint that a session may exist: without it the console asks nothing.
  // biome-ignore lint/suspicious/noDocumentCookie: the console reads document.cookie; the test sets what the server would
  document.cookie = 'wolfpack_signed_in=1; Path=/';
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const method = init.method ?? 'GET';
    if (url === '/api/v1/session' && method === 'GET') {
      sessionReads += 1;
      return json(200, { user: 'victor', role, csrfToken: 'csrf' });
    }
    if (url.startsWith('/api/v1/events')) return json(200, []);
    return json(404, { error: 'not-found', message: `no route ${method} ${url}` });
  });
  vi.spyOn(client, 'live').mockImplementation(async () => {
    const feed = new FakeFeed();
    feeds.push(feed);
    return feed as unknown as Awaited<ReturnType<typeof client.live>>;
  });
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  client.forgetCredentials();
  client.onUnauthorized(undefined);
});

/** The console signed in as victor, live, with the seed cluster shown. */
async function consoleOpen(): Promise<FakeFeed> {
  render(createElement(Providers, null, createElement(App)));
  await waitFor(() => expect(feeds).toHaveLength(1));
  const feed = feeds[0]!;
  act(() => {
    feed.setStatus('connected');
    feed.snapshot({ revision: 10, cluster: seedSnapshot(10) });
  });
  await screen.findByRole('tree', { name: 'Cluster tree' });
  return feed;
}

const toolbar = () => screen.getByRole('toolbar', { name: 'Actions' });
const banner = () => screen.getByRole('banner');

describe('the console follows its session as the live stream reports it', () => {
  it('a role change (the server ends the stream, the feed reconnects at once): the session is read again and the menus follow, without a reload', async () => {
    const feed = await consoleOpen();
    expect(within(banner()).getByLabelText('Role: Viewer')).toBeTruthy();
    expect(within(toolbar()).queryByRole('button', { name: /Move Group/ })).toBeNull();
    const readsBefore = sessionReads;

    role = 'operator'; // an admin made victor an operator; the server revoked the stream with reconnect: true
    act(() => {
      feed.setStatus('disconnected', 'io server disconnect');
      feed.setStatus('connecting');
      feed.setStatus('connected');
    });
    await waitFor(() => expect(within(banner()).getByLabelText('Role: Operator')).toBeTruthy());
    expect(sessionReads).toBe(readsBefore + 1);
    expect(within(toolbar()).getByRole('button', { name: /Move Group/ })).toBeTruthy();
    expect(within(toolbar()).getByRole('button', { name: /Bring Online/ })).toBeTruthy();
    // The same console: no second feed, no login page on the way.
    expect(feeds).toHaveLength(1);
    expect(screen.getByRole('tree', { name: 'Cluster tree' })).toBeTruthy();
  });

  it("any other revocation (here: the password was changed elsewhere) returns to the login page with the server's message", async () => {
    const feed = await consoleOpen();
    const message = 'the session of victor ended (signed out, or the password was changed): sign in again';
    act(() => feed.setStatus('unauthorized', message));
    await screen.findByRole('button', { name: 'Log on' });
    expect(screen.getByRole('status').textContent).toBe(`You were signed out: ${message}`);
    expect(screen.queryByRole('tree')).toBeNull();
    expect(feed.closed).toBe(true);
  });
});
