import type { Locator, Page } from '@playwright/test';
import type { WolfpackClient } from '@wolfpack/client';
import { seriousViolations } from '../support/accessibility.ts';
import { gridRow, logOn, propertySheet, showGroups, treeItem } from '../support/console.ts';
import { expect, test } from '../support/fixtures.ts';
import { users } from '../support/users.ts';

/*
 * axe-core over every place of the console: the login page, the main window, each
 * property sheet (every page of it) and each wizard (every step): no serious or critical
 * violation. Sheets and wizards are opened and cancelled, so the cluster is left as found.
 */

// The console's CSP refuses axe's injected script; bypassing it changes nothing axe checks.
test.use({ bypassCSP: true });

/**
 * Expects axe to find nothing serious on the page or the part, naming what it found. Soft:
 * the test goes on to the next place, so one run lists every place with a problem.
 */
async function expectNoSeriousViolations(page: Page, place: string, part?: Locator): Promise<void> {
  const found = await seriousViolations(page, part);
  expect.soft(found, `axe found on ${place}:\n${found.join('\n')}`).toEqual([]);
}

/** Each page of a property sheet in turn, checked with axe. */
async function expectAccessibleSheet(page: Page, sheet: Locator, name: string): Promise<void> {
  await expect(sheet).toBeVisible();
  const tabs = await sheet.getByRole('tab').allInnerTexts();
  for (const label of tabs.map((text) => text.trim())) {
    const tab = sheet.getByRole('tab', { name: label, exact: true });
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true');
    await expectNoSeriousViolations(page, `the property sheet of ${name}, page ${label}`, sheet);
  }
  // Escape: Cancel on an editable sheet, Close on a read-only one (a node, a resource type).
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
}

/** Each step of a wizard in turn (Next until Finish shows), checked with axe, then Cancel. */
async function expectAccessibleWizard(page: Page, wizard: Locator, name: string): Promise<void> {
  for (;;) {
    // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, not a DOM node
    const step = await wizard.getByRole('heading', { level: 3 }).innerText();
    await expectNoSeriousViolations(page, `the ${name} wizard, step ${step}`, wizard);
    if (await wizard.getByRole('button', { name: 'Finish' }).isVisible()) break;
    await wizard.getByRole('button', { name: 'Next' }).click();
    await expect(wizard.getByRole('heading', { level: 3 })).not.toHaveText(step);
  }
  await wizard.getByRole('button', { name: 'Cancel' }).click();
  await expect(wizard).toBeHidden();
}

/** Takes the group's resources offline and deletes them, then the group. */
async function removeGroup(client: WolfpackClient, group: string): Promise<void> {
  const cluster = await client.waitFor(() => true, { timeoutMs: 30_000 });
  for (const resource of cluster.resourcesOf(group)) {
    await client.resources.offline(resource.name);
    await client.waitFor((state) => state.resources.get(resource.name)?.state === 'Offline', { timeoutMs: 30_000 });
    await client.resources.delete(resource.name);
  }
  await client.groups.delete(group);
}

test('the login page', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByLabel('User name')).toBeVisible();
  await expectNoSeriousViolations(page, 'the login page');
});

test('the main window: the cluster, the list of groups, the events and a story', async ({ page, adminClient }) => {
  await logOn(page, users.admin);
  await expect(page.getByRole('table', { name: 'Event log' }).getByRole('row').nth(1)).toBeVisible();
  await expectNoSeriousViolations(page, 'the main window');
  await showGroups(page);
  await expect(gridRow(page, 'SOCKET_GROUP')).toBeVisible();
  await expectNoSeriousViolations(page, 'the main window with the list of groups');

  // A failure of a resource of its own, so "What happened" tells a story; it restarts.
  await adminClient.groups.create({ name: 'A11Y_GROUP', description: 'checked by axe' });
  try {
    await adminClient.resources.create({
      name: 'A11Y Sleeper',
      group: 'A11Y_GROUP',
      resourceType: 'Generic Application',
      private: { CommandLine: 'sleep 1000' },
    });
    await adminClient.resources.online('A11Y Sleeper');
    await adminClient.waitFor((cluster) => cluster.resources.get('A11Y Sleeper')?.state === 'Online', {
      timeoutMs: 30_000,
    });
    await adminClient.resources.fail('A11Y Sleeper');
    const stories = page.getByRole('list', { name: 'What happened' });
    await expect(
      stories.getByRole('listitem').filter({ hasText: 'admin initiated a failure of A11Y Sleeper' }),
    ).toBeVisible();
    await expectNoSeriousViolations(page, 'the main window with a story');
    await adminClient.waitFor((cluster) => cluster.resources.get('A11Y Sleeper')?.state === 'Online', {
      timeoutMs: 30_000,
    });
  } finally {
    await removeGroup(adminClient, 'A11Y_GROUP');
  }
});

test('the property sheets: cluster, node, group, resource, resource type', async ({ page }) => {
  await logOn(page, users.admin);
  const root = treeItem(page, 'Cluster INS_CLUS');
  await root.click();
  await root.press('Enter');
  await expectAccessibleSheet(page, propertySheet(page, 'INS_CLUS'), 'INS_CLUS (Cluster)');

  const objects: Array<{ folder: string; name: string }> = [
    { folder: 'Nodes', name: 'OSDB_SERV' },
    { folder: 'Groups', name: 'SOCKET_GROUP' },
    { folder: 'Resources', name: 'Chat Server' },
    { folder: 'Resource Types', name: 'Chat Server' },
  ];
  for (const { folder, name } of objects) {
    await treeItem(page, folder).click();
    await gridRow(page, name).dblclick();
    await expectAccessibleSheet(page, propertySheet(page, name), `${name} (${folder})`);
  }
});

test('the wizards: New Group and New Resource, every step', async ({ page }) => {
  await logOn(page, users.admin);
  const toolbar = page.getByRole('toolbar', { name: 'Actions' });
  await showGroups(page);
  await toolbar.getByRole('button', { name: 'New Group' }).click();
  const newGroup = page.getByRole('dialog', { name: 'New Group' });
  await newGroup.getByLabel('Name', { exact: true }).fill('A11Y_GROUP');
  await expectAccessibleWizard(page, newGroup, 'New Group');

  await treeItem(page, 'SOCKET_GROUP').click();
  await toolbar.getByRole('button', { name: 'New Resource' }).click();
  const newResource = page.getByRole('dialog', { name: 'New Resource' });
  await newResource.getByLabel('Name', { exact: true }).fill('A11Y Chat');
  await newResource.getByLabel('Resource type').selectOption('Chat Server');
  await expectAccessibleWizard(page, newResource, 'New Resource');
});
