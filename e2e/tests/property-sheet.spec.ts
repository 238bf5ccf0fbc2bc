import { gridRow, logOn, propertySheet, treeItem } from '../support/console.ts';
import { expect, test } from '../support/fixtures.ts';
import { users } from '../support/users.ts';

/*
 * The property sheet with the server as the judge: what the console does not check
 * itself, the server refuses, and its message shows where the person made the change.
 */

test("a dependency cycle is refused with the server's message on the Dependencies page, and nothing changes", async ({
  page,
  adminClient,
}) => {
  const before = (await adminClient.resources.get('Chat Disk')).dependencies;
  await logOn(page, users.admin);
  await treeItem(page, 'Resources').click();
  await gridRow(page, 'Chat Disk').dblclick();
  const sheet = propertySheet(page, 'Chat Disk');
  await sheet.getByRole('tab', { name: 'Dependencies' }).click();
  const page2 = sheet.getByRole('tabpanel');
  await page2.getByLabel('Add dependency on').selectOption('Chat Server');
  await page2.getByRole('button', { name: 'Add' }).click();
  await expect(page2.getByRole('table', { name: 'Dependencies of Chat Disk' })).toContainText('Chat Server');
  await sheet.getByRole('button', { name: 'Apply' }).click();

  await expect(page2.getByRole('alert')).toHaveText('dependency cycle: Chat Disk → Chat Server → Chat Disk');
  await expect(sheet.getByRole('tab', { name: /Dependencies/ })).toHaveAttribute('aria-selected', 'true');
  expect((await adminClient.resources.get('Chat Disk')).dependencies).toEqual(before);
  await sheet.getByRole('button', { name: 'Cancel' }).click();
  await expect(sheet).toBeHidden();
});

test('a value the server refuses on the Advanced page shows its message at the field, and nothing changes', async ({
  page,
  adminClient,
}) => {
  const before = (await adminClient.resources.get('Chat Server')).commonProperties;
  await logOn(page, users.admin);
  await treeItem(page, 'Resources').click();
  await gridRow(page, 'Chat Server').dblclick();
  const sheet = propertySheet(page, 'Chat Server');
  await sheet.getByRole('tab', { name: 'Advanced' }).click();
  const threshold = sheet.getByRole('textbox', { name: 'Restart threshold' });
  await threshold.fill('-1');
  await sheet.getByRole('button', { name: 'Apply' }).click();

  await expect(threshold).toHaveAttribute('aria-invalid', 'true');
  await expect(threshold).toHaveAccessibleDescription(/restartThreshold must be >= 0/);
  await expect(sheet.getByRole('tab', { name: /Advanced/ })).toContainText('⚠');
  expect((await adminClient.resources.get('Chat Server')).commonProperties).toEqual(before);
  await sheet.getByRole('button', { name: 'Cancel' }).click();
  await expect(sheet).toBeHidden();
});
