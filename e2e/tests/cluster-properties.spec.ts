import { logOn, propertySheet, treeItem } from '../support/console.ts';
import { expect, test } from '../support/fixtures.ts';
import { users } from '../support/users.ts';

/*
 * Cluster Properties, opened on the root of the tree as the other sheets are opened on
 * their objects (context menu, toolbar, Enter). The server judges; its refusals show at
 * the fields. Each test puts the cluster record back as it found it.
 */

test('the server refuses a short lease TTL and a host name for the DNS address at their fields; OK saves the description', async ({
  page,
  adminClient,
}) => {
  const before = await adminClient.cluster.properties();
  try {
    await logOn(page, users.admin);
    const root = treeItem(page, 'Cluster INS_CLUS');
    await root.click({ button: 'right' });
    await page
      .getByRole('menu', { name: 'Actions for INS_CLUS' })
      .getByRole('menuitem', { name: 'Properties' })
      .click();
    const sheet = propertySheet(page, 'INS_CLUS');
    await sheet.getByRole('tab', { name: 'Advanced' }).click();
    await expect(sheet.getByRole('textbox', { name: 'Heartbeat lease TTL' })).toHaveValue(
      String(before.nodeLeaseTtlMs),
    );
    await expect(
      sheet.getByText('A change applies to each node when its wolfpackd next starts', { exact: false }),
    ).toBeVisible();
    await sheet.getByRole('textbox', { name: 'Heartbeat lease TTL' }).fill('100');
    await sheet.getByRole('textbox', { name: 'DNS address' }).fill('dns.example');
    await sheet.getByRole('button', { name: 'Apply' }).click();

    const advanced = sheet.getByRole('tabpanel');
    await expect(advanced.getByText('nodeLeaseTtlMs must be >= 500')).toBeVisible();
    await expect(advanced.getByText(/^dnsAddress is not valid: An IPv4 address/)).toBeVisible();
    await expect(sheet.getByRole('textbox', { name: 'DNS address' })).toHaveAttribute('aria-invalid', 'true');
    expect(await adminClient.cluster.properties()).toEqual(before);
    await sheet.getByRole('button', { name: 'Cancel' }).click();
    await expect(sheet).toBeHidden();

    // The toolbar's Properties opens it too; a change on General is saved by OK.
    await root.click();
    await page.getByRole('toolbar', { name: 'Actions' }).getByRole('button', { name: 'Properties' }).click();
    await sheet.getByRole('textbox', { name: 'Description' }).fill('Changed in Cluster Properties');
    await sheet.getByRole('button', { name: 'OK' }).click();
    await expect(sheet).toBeHidden();
    expect((await adminClient.cluster.properties()).description).toBe('Changed in Cluster Properties');

    // Enter on the root opens it again, with what was saved.
    await root.press('Enter');
    await expect(sheet.getByRole('textbox', { name: 'Description' })).toHaveValue('Changed in Cluster Properties');
    await sheet.getByRole('button', { name: 'Cancel' }).click();
  } finally {
    await adminClient.cluster.update({ description: before.description });
  }
});

test('a viewer sees Cluster Properties read-only, with Close only', async ({ page }) => {
  await logOn(page, users.viewer);
  const root = treeItem(page, 'Cluster INS_CLUS');
  await root.click();
  await root.press('Enter');
  const sheet = propertySheet(page, 'INS_CLUS');
  await expect(sheet.getByRole('textbox', { name: 'Description' })).toHaveAttribute('readonly', '');
  await sheet.getByRole('tab', { name: 'Advanced' }).click();
  for (const name of ['Heartbeat lease TTL', 'DNS address', 'DNS port'])
    await expect(sheet.getByRole('textbox', { name })).toHaveAttribute('readonly', '');
  await expect(sheet.getByRole('button', { name: 'Apply' })).toHaveCount(0);
  await expect(sheet.getByRole('button', { name: 'OK' })).toHaveCount(0);
  await sheet.getByRole('button', { name: 'Close' }).filter({ hasText: 'Close' }).click();
  await expect(sheet).toBeHidden();
});
