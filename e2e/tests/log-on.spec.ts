import { cellOf, docScreenshot, gridRow, logOn, showGroups, treeItem } from '../support/console.ts';
import { expect, test } from '../support/fixtures.ts';
import { users } from '../support/users.ts';

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

  await page.getByRole('button', { name: 'Log out' }).click();
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
