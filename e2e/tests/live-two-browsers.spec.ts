import { cellOf, gridRow, isSamePage, logOn, markPage, propertySheet, showGroups } from '../support/console.ts';
import { expect, test } from '../support/fixtures.ts';
import { users } from '../support/users.ts';

/*
 * Two people, two browsers (separate contexts: separate sessions and sockets): what one
 * does shows at the other's at once, from the live stream, with no reload and no polling.
 */

test("two browser contexts see each other's changes live", async ({ browser }) => {
  const first = await browser.newContext();
  const second = await browser.newContext();
  try {
    const alice = await first.newPage();
    const bob = await second.newPage();
    await logOn(alice, users.admin);
    await logOn(bob, users.admin);
    await showGroups(alice);
    await showGroups(bob);
    await markPage(alice);
    await markPage(bob);

    // Alice creates a group with the New Group wizard: Bob's list shows it.
    await alice.getByRole('toolbar', { name: 'Actions' }).getByRole('button', { name: 'New Group' }).click();
    const wizard = alice.getByRole('dialog', { name: 'New Group' });
    await wizard.getByLabel('Name', { exact: true }).fill('LIVE_GROUP');
    await wizard.getByLabel('Description', { exact: true }).fill('made by Alice');
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByRole('button', { name: 'Finish' }).click();
    await expect(wizard).toBeHidden();
    // The wizard selects what it made; Alice goes back to the list of groups.
    await expect(alice.getByRole('heading', { name: 'Resources of LIVE_GROUP' })).toBeVisible();
    await showGroups(alice);
    const bobsRow = gridRow(bob, 'LIVE_GROUP');
    await expect(await cellOf(bob, bobsRow, 'Description')).toHaveText('made by Alice');

    // Bob edits its description in the property sheet: Alice's list changes.
    await bobsRow.dblclick();
    const sheet = propertySheet(bob, 'LIVE_GROUP');
    await sheet.getByLabel('Description', { exact: true }).fill('edited by Bob');
    await sheet.getByRole('button', { name: 'OK' }).click();
    await expect(sheet).toBeHidden();
    const alicesRow = gridRow(alice, 'LIVE_GROUP');
    await expect(await cellOf(alice, alicesRow, 'Description')).toHaveText('edited by Bob');

    // Alice deletes it (Delete key, then confirm): it leaves Bob's list and tree.
    await alicesRow.click();
    await alicesRow.press('Delete');
    const confirm = alice.getByRole('dialog', { name: 'Delete Group' });
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await expect(confirm).toBeHidden();
    await expect(bobsRow).toHaveCount(0);
    await expect(bob.getByRole('treeitem', { name: 'LIVE_GROUP', exact: true })).toHaveCount(0);

    expect(await isSamePage(alice)).toBe(true);
    expect(await isSamePage(bob)).toBe(true);
  } finally {
    await first.close();
    await second.close();
  }
});
