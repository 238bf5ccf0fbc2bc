import { WolfpackError } from '@wolfpack/client';
import { gridRow, logOn, propertySheet, showGroups, treeItem } from '../support/console.ts';
import { expect, test } from '../support/fixtures.ts';
import { signIn, users } from '../support/users.ts';

/*
 * Roles as the console shows them: a viewer sees no mutating action anywhere (toolbar,
 * context menu, keys, drag), an operator operates but does not edit properties; the
 * server refuses them all the same.
 */

test('a viewer sees no Move Group: not in the toolbar, not in the context menu, not by key or drag', async ({
  page,
  cluster,
}) => {
  await logOn(page, users.viewer);
  await expect(page.getByRole('banner').getByLabel('Role: Viewer')).toBeVisible();
  await showGroups(page);
  const row = gridRow(page, 'SOCKET_GROUP');
  await row.click();

  const toolbar = page.getByRole('toolbar', { name: 'Actions' });
  await expect(toolbar.getByRole('button', { name: 'Move Group' })).toHaveCount(0);
  await expect(toolbar.getByRole('button')).toHaveCount(1);
  await expect(toolbar.getByRole('button', { name: 'Properties' })).toBeVisible();

  await row.click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Actions for SOCKET_GROUP' });
  await expect(menu.getByRole('menuitem', { name: 'Properties' })).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: 'Move Group' })).toHaveCount(0);
  await expect(menu.getByRole('menuitem')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();

  await row.press('m');
  await expect(row).toHaveAttribute('draggable', 'false');
  await expect(treeItem(page, 'SOCKET_GROUP')).toHaveAttribute('draggable', 'false');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // The sheet opens read-only: Close, no OK or Apply.
  await row.press('Enter');
  const sheet = propertySheet(page, 'SOCKET_GROUP');
  await expect(sheet).toBeVisible();
  await expect(sheet.getByRole('button', { name: 'Close' }).filter({ hasText: 'Close' })).toBeVisible();
  await expect(sheet.getByRole('button', { name: 'Apply' })).toHaveCount(0);
  // By now the M pressed before would have opened its dialog too: it did not.
  await expect(page.getByRole('dialog')).toHaveCount(1);

  // The server is the authority either way.
  const viewer = await signIn(cluster.consoleUrl, users.viewer);
  const refusal = await viewer.groups.move('SOCKET_GROUP', { node: 'OSDB_BACK' }).catch((error: unknown) => error);
  expect(refusal).toBeInstanceOf(WolfpackError);
  expect((refusal as WolfpackError).status).toBe(403);
});

test('an operator sees Move Group but edits no properties', async ({ page }) => {
  await logOn(page, users.operator);
  await expect(page.getByRole('banner').getByLabel('Role: Operator')).toBeVisible();
  await showGroups(page);
  const row = gridRow(page, 'SOCKET_GROUP');
  await row.click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Actions for SOCKET_GROUP' });
  await expect(menu.getByRole('menuitem', { name: 'Move Group' })).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: 'Delete' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('toolbar', { name: 'Actions' }).getByRole('button', { name: 'New Group' })).toHaveCount(
    0,
  );

  await treeItem(page, 'Resources').click();
  await gridRow(page, 'Chat Server').dblclick();
  const sheet = propertySheet(page, 'Chat Server');
  await sheet.getByRole('tab', { name: 'Parameters' }).click();
  await expect(sheet.getByRole('spinbutton', { name: 'MaxUser' })).toBeDisabled();
  await expect(sheet.getByRole('button', { name: 'Apply' })).toHaveCount(0);
  await expect(sheet.getByRole('button', { name: 'Close' }).filter({ hasText: 'Close' })).toBeVisible();
});
