// @vitest-environment happy-dom
import { createElement } from 'react';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { Role } from '@wolfpack/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DialogHost } from '../../src/app/dialog-host.tsx';
import { DialogProvider } from '../../src/app/dialogs.tsx';
import { UserBadge } from '../../src/session/user-badge.tsx';

// Change Password… as a person meets it: the name in the title bar opens the user's
// menu, the dialog sends POST /session/password over the console's client. `fetch`
// answers as the server does: the body's schema first (400, the field and its rule),
// then the current password (403 at currentPassword), then 204.

/** The bodies POST /session/password received. */
let sent: unknown[];
const current = 'old-password';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

beforeEach(() => {
  sent = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    if (url !== '/api/v1/session/password' || init.method !== 'POST')
      return json(404, { error: 'not-found', message: `no route ${init.method} ${url}` });
    const body = JSON.parse(String(init.body)) as { currentPassword: string; newPassword: string };
    sent.push(body);
    if (body.newPassword.length < 8) {
      return json(400, {
        error: 'validation',
        message: 'invalid body: newPassword must be at least 8 characters long',
        fields: [{ path: 'newPassword', message: 'newPassword must be at least 8 characters long' }],
      });
    }
    if (body.currentPassword !== current) {
      return json(403, {
        error: 'forbidden',
        message: 'currentPassword is not your current password: nothing was changed',
        fields: [{ path: 'currentPassword', message: 'is not your current password' }],
      });
    }
    return new Response(null, { status: 204 });
  });
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function mount(role: Role) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const session = { user: 'victor', role, csrfToken: 'csrf' };
  render(
    createElement(
      QueryClientProvider,
      { client: queryClient },
      createElement(
        DialogProvider,
        null,
        createElement(UserBadge, { session }),
        createElement(DialogHost, { onSelect: () => undefined }),
      ),
    ),
  );
}

const menuButton = () => screen.getByRole('button', { name: 'victor' });
const password = (name: string) => screen.getByLabelText(name) as HTMLInputElement;
/** The text that describes a field (its help and its error). */
const description = (input: HTMLElement) =>
  (input.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent)
    .join(' | ');

async function openDialog() {
  fireEvent.click(menuButton());
  fireEvent.click(
    within(screen.getByRole('menu', { name: 'victor' })).getByRole('menuitem', { name: 'Change Password…' }),
  );
  return screen.getByRole('dialog', { name: 'Change Password' });
}

function fill(currentPassword: string, newPassword: string, confirmation = newPassword) {
  fireEvent.change(password('Current password'), { target: { value: currentPassword } });
  fireEvent.change(password('New password'), { target: { value: newPassword } });
  fireEvent.change(password('Confirm new password'), { target: { value: confirmation } });
}

const ok = async (dialog: HTMLElement) =>
  act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'OK' })));

describe('Change Password…', () => {
  it("is in every signed-in user's menu (a viewer's too); Users… only in an admin's", () => {
    mount('viewer');
    expect(menuButton().getAttribute('aria-haspopup')).toBe('menu');
    fireEvent.click(menuButton());
    const items = within(screen.getByRole('menu', { name: 'victor' }))
      .getAllByRole('menuitem')
      .map((item) => item.getAttribute('aria-label'));
    expect(items).toEqual(['Change Password…', 'Log out']);
    cleanup();
    mount('admin');
    fireEvent.click(menuButton());
    expect(
      within(screen.getByRole('menu', { name: 'victor' }))
        .getAllByRole('menuitem')
        .map((item) => item.getAttribute('aria-label')),
    ).toEqual(['Change Password…', 'Users…', 'Log out']);
  });

  it("opens with the focus in Current password, password boxes labelled, the server's rule as help; Escape closes it", async () => {
    mount('viewer');
    const dialog = await openDialog();
    expect(document.activeElement).toBe(password('Current password'));
    for (const name of ['Current password', 'New password', 'Confirm new password'])
      expect(password(name).type).toBe('password');
    expect(password('New password').autocomplete).toBe('new-password');
    expect(description(password('New password'))).toBe('At least 8 characters');
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(sent).toEqual([]);
  });

  it("a wrong current password: the server's refusal at Current password, the dialog stays with what was typed", async () => {
    mount('viewer');
    const dialog = await openDialog();
    fill('not-my-password', 'brand-new-password');
    await ok(dialog);
    await waitFor(() => expect(password('Current password').getAttribute('aria-invalid')).toBe('true'));
    expect(description(password('Current password'))).toBe('is not your current password');
    expect(password('New password').getAttribute('aria-invalid')).toBeNull();
    expect(password('New password').value).toBe('brand-new-password');
    expect(sent).toEqual([{ currentPassword: 'not-my-password', newPassword: 'brand-new-password' }]);
    expect(screen.getByRole('dialog', { name: 'Change Password' })).toBeTruthy();
  });

  it("a new password too short by the server's rule: its message at New password", async () => {
    mount('viewer');
    const dialog = await openDialog();
    fill(current, 'short');
    await ok(dialog);
    await waitFor(() => expect(password('New password').getAttribute('aria-invalid')).toBe('true'));
    expect(description(password('New password'))).toBe(
      'At least 8 characters | newPassword must be at least 8 characters long',
    );
    expect(password('Current password').getAttribute('aria-invalid')).toBeNull();
  });

  it('a confirmation that differs: said at Confirm new password, nothing sent', async () => {
    mount('viewer');
    const dialog = await openDialog();
    fill(current, 'brand-new-password', 'brand-new-passwort');
    await ok(dialog);
    expect(password('Confirm new password').getAttribute('aria-invalid')).toBe('true');
    expect(description(password('Confirm new password'))).toBe('does not match the new password');
    expect(sent).toEqual([]);
  });

  it('success says the other sessions and API tokens were ended; OK gets the focus and closes', async () => {
    mount('viewer');
    const dialog = await openDialog();
    fill(current, 'brand-new-password');
    await ok(dialog);
    const status = await within(dialog).findByRole('status');
    expect(status.textContent).toMatch(/other sessions were signed out and your API tokens were revoked/);
    expect(sent).toEqual([{ currentPassword: current, newPassword: 'brand-new-password' }]);
    expect(within(dialog).queryByLabelText('Current password')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'OK' })));
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
