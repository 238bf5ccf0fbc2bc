import { cellOf, gridRow, logOn, showGroups, treeItem } from '../support/console.ts';
import { expect, test } from '../support/fixtures.ts';
import { users } from '../support/users.ts';

/*
 * Cluster Administrator's keys on the tree and the list: O Bring Online, F Take Offline,
 * Shift+I Initiate Failure, M Move Group, P Pause/Resume Node, Shift+F10 the context
 * menu, Delete. On a group of its own, so the seed's SOCKET_GROUP is left alone.
 */

test('keys: O, Shift+I, F on a resource; M and Shift+F10 on a group; P on a node; Delete', async ({
  page,
  adminClient,
}) => {
  await adminClient.groups.create({ name: 'KEYS_GROUP', description: 'driven by keys' });
  await adminClient.resources.create({
    name: 'Sleeper',
    group: 'KEYS_GROUP',
    resourceType: 'Generic Application',
    private: { CommandLine: 'sleep 1000' },
  });
  await logOn(page, users.admin);

  await treeItem(page, 'KEYS_GROUP').click();
  const row = gridRow(page, 'Sleeper');
  const state = await cellOf(page, row, 'State');
  await expect(state).toHaveText('Offline');
  await row.click();
  await row.press('o');
  await expect(state).toHaveText('Online');

  // Shift+I: the failure is the administrator's, told as such; the resource restarts.
  await row.press('Shift+I');
  const stories = page.getByRole('list', { name: 'What happened' });
  await expect(stories.getByRole('listitem').filter({ hasText: 'admin initiated a failure of Sleeper' })).toBeVisible();
  await expect(state).toHaveText('Online');
  await expect.poll(async () => (await adminClient.resources.get('Sleeper')).state).toBe('Online');

  await row.press('f');
  await expect(state).toHaveText('Offline');

  // Shift+F10: the context menu of the focused row; Escape closes it.
  await row.press('Shift+F10');
  const menu = page.getByRole('menu', { name: 'Actions for Sleeper' });
  await expect(menu.getByRole('menuitem', { name: 'Bring Online' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();

  // M on a group: the move dialog, with its plan; Escape cancels it.
  await showGroups(page);
  const groupRow = gridRow(page, 'KEYS_GROUP');
  await groupRow.click();
  await groupRow.press('m');
  const move = page.getByRole('dialog', { name: 'Move Group KEYS_GROUP' });
  await expect(move.getByRole('combobox', { name: 'Move to' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(move).toBeHidden();

  // P on a node, twice: Paused, then Up again.
  await treeItem(page, 'Nodes').click();
  const nodeRow = gridRow(page, 'OSDB_BACK');
  const nodeState = await cellOf(page, nodeRow, 'State');
  await expect(nodeState).toHaveText('Up');
  await nodeRow.click();
  await nodeRow.press('p');
  await expect(nodeState).toHaveText('Paused');
  await nodeRow.press('p');
  await expect(nodeState).toHaveText('Up');

  // Delete on the (Offline) resource, then confirm.
  await treeItem(page, 'KEYS_GROUP').click();
  await row.click();
  await row.press('Delete');
  const confirm = page.getByRole('dialog', { name: 'Delete Resource' });
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(row).toHaveCount(0);
  await expect(treeItem(page, 'Sleeper')).toHaveCount(0);
  await adminClient.groups.delete('KEYS_GROUP');
});

test('a command the server refuses shows its reason, and nothing changes', async ({ page, adminClient }) => {
  await logOn(page, users.admin);
  await showGroups(page);
  const row = gridRow(page, 'SOCKET_GROUP');
  await row.click();
  await row.press('Delete');
  const confirm = page.getByRole('dialog', { name: 'Delete Group' });
  await expect(confirm).toContainText('It holds 4 resources.');
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(confirm.getByRole('alert')).toHaveText(
    'group SOCKET_GROUP still has resources Chat Disk, Chat IP Address, Chat Network Name and Chat Server: delete its resources first',
  );
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(row).toBeVisible();
  expect((await adminClient.groups.get('SOCKET_GROUP')).state).toBe('Online');
});
