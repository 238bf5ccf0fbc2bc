import type { Page } from '@playwright/test';
import {
  cellOf,
  docScreenshot,
  gridRow,
  isSamePage,
  logOn,
  markPage,
  showGroups,
  treeItem,
} from '../support/console.ts';
import { expect, test } from '../support/fixtures.ts';
import { users, type TestUser } from '../support/users.ts';

/** Opens the signed-in user's menu (their name in the title bar) and chooses an entry. */
async function fromUserMenu(page: Page, user: TestUser, entry: string): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: user.name, exact: true }).click();
  await page.getByRole('menu', { name: user.name }).getByRole('menuitem', { name: entry }).click();
}

const logOut = (page: Page, user: TestUser) => fromUserMenu(page, user, 'Log out');

test('an admin logs on and sees SOCKET_GROUP Online on OSDB_SERV, in the list and under the node', async ({ page }) => {
  await logOn(page, users.admin);
  await expect(page.getByRole('banner')).toContainText('admin');
  await expect(page.getByRole('banner').getByLabel('Role: Administrator')).toBeVisible();
  await expect(page.getByRole('banner').getByLabel('Cluster')).toHaveText('INS_CLUS');

  await showGroups(page);
  const row = gridRow(page, 'SOCKET_GROUP');
  await expect(await cellOf(page, row, 'State')).toHaveText('Online');
  await expect(await cellOf(page, row, 'Owner')).toHaveText('OSDB_SERV');

  // Nodes → OSDB_SERV → Active Groups lists it too.
  await treeItem(page, 'Active Groups on OSDB_SERV').click();
  await expect(page.getByRole('heading', { name: 'Active Groups on OSDB_SERV' })).toBeVisible();
  await expect(gridRow(page, 'SOCKET_GROUP')).toBeVisible();
  await treeItem(page, 'Active Groups on OSDB_BACK').click();
  await expect(page.getByRole('heading', { name: 'Active Groups on OSDB_BACK' })).toBeVisible();
  await expect(gridRow(page, 'SOCKET_GROUP')).toHaveCount(0);

  // The picture for the README: the tree with the group open, and the groups list.
  await showGroups(page);
  await treeItem(page, 'SOCKET_GROUP').focus();
  await page.keyboard.press('ArrowRight');
  await expect(treeItem(page, 'Chat Server')).toBeVisible();
  await showGroups(page);
  await expect(page.getByRole('status', { name: /Live state: Live/ })).toBeVisible();
  await docScreenshot(page, 'cluster-administrator');

  await logOut(page, users.admin);
  await expect(page.getByRole('button', { name: 'Log on' })).toBeVisible();
});

test('a wrong password is refused with a message, and nothing of the cluster shows', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('User name').fill(users.admin.name);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Log on' }).click();
  await expect(page.getByRole('alert')).toHaveText('The user name or password is incorrect.');
  await expect(page.getByRole('tree')).toHaveCount(0);
});

test('a viewer changes their own password: their other browser goes to the login page, a role change shows at once, the new password signs in and the old one no longer does', async ({
  browser,
  page,
  adminClient,
}) => {
  // A viewer of this test's own, so the shared victor keeps his password.
  const viewer: TestUser = { name: 'vera', password: 'vera-first-password', role: 'viewer' };
  const newPassword = 'vera-second-password';
  await adminClient.users.create({ username: viewer.name, password: viewer.password, role: viewer.role });
  const elsewhere = await browser.newContext();
  try {
    const other = await elsewhere.newPage();
    await logOn(other, viewer);
    await logOn(page, viewer);
    await markPage(page);

    await fromUserMenu(page, viewer, 'Change Password…');
    const dialog = page.getByRole('dialog', { name: 'Change Password' });
    await expect(dialog.getByLabel('Current password')).toBeFocused();
    // The server's refusal, at the field it names.
    await dialog.getByLabel('Current password').fill('not-my-password');
    await dialog.getByLabel('New password', { exact: true }).fill(newPassword);
    await dialog.getByLabel('Confirm new password').fill(newPassword);
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(dialog.getByLabel('Current password')).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.getByText('is not your current password')).toBeVisible();

    await dialog.getByLabel('Current password').fill(viewer.password);
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(dialog.getByRole('status')).toContainText(
      'Your other sessions were signed out and your API tokens were revoked',
    );
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(dialog).toBeHidden();

    // The other browser's session ended: its live stream was cut and it says why.
    await expect(other.getByRole('button', { name: 'Log on' })).toBeVisible();
    await expect(other.getByRole('status')).toContainText(/session of vera ended.*the password was changed/);
    // This one stays, and follows a role change without a reload.
    await adminClient.users.update(viewer.name, { role: 'operator' });
    await expect(page.getByRole('banner').getByLabel('Role: Operator')).toBeVisible();
    await expect(
      page.getByRole('toolbar', { name: 'Actions' }).getByRole('button', { name: 'Move Group' }),
    ).toBeVisible();
    expect(await isSamePage(page)).toBe(true);

    // The other browser signs in again, with the new password only.
    await other.getByLabel('User name').fill(viewer.name);
    await other.getByLabel('Password').fill(viewer.password);
    await other.getByRole('button', { name: 'Log on' }).click();
    await expect(other.getByRole('alert')).toHaveText('The user name or password is incorrect.');
    await other.getByLabel('Password').fill(newPassword);
    await other.getByRole('button', { name: 'Log on' }).click();
    await expect(other.getByRole('banner').getByLabel('Role: Operator')).toBeVisible();
  } finally {
    await elsewhere.close();
    await adminClient.users.delete(viewer.name).catch(() => undefined);
  }
});
