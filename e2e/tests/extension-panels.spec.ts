import { WolfpackError } from '@wolfpack/client';
import { exampleRegistration } from 'wolfpack-type-greeting-server/registration.mjs';
import { ChatClient } from '@wolfpack/testing/chat-client';
import { docScreenshot, gridRow, isSamePage, logOn, markPage, propertySheet, treeItem } from '../support/console.ts';
import { expect, test } from '../support/fixtures.ts';
import { freeTcpPort } from '@wolfpack/testing/ports';
import { users } from '../support/users.ts';

/*
 * Resource types registered while the console is open (the example third-party type of
 * examples/third-party-type): their panels load at run time, without a reload of the page
 * and without rebuilding the console; a panel that throws or needs another console API
 * shows a placeholder, and the rest of the console keeps working.
 */

// What these tests make, removed afterwards so the later tests (and their pictures) see the seed cluster.
const made = {
  resources: ['Greeter', 'Broken Greeter', 'Future Greeter'],
  groups: ['GREETING_GROUP', 'BROKEN_GROUP', 'FUTURE_GROUP'],
  types: ['Greeting Server', 'Broken Greeting Server', 'Future Greeting Server'],
};

test.afterAll(async ({ adminClient }) => {
  const gone = (error: unknown) => error instanceof WolfpackError && error.code === 'not-found';
  const unlessGone = (error: unknown) => (gone(error) ? undefined : Promise.reject(error));
  for (const name of made.resources) {
    const exists = await adminClient.resources.get(name).then(
      () => true,
      (error: unknown) => (gone(error) ? false : Promise.reject(error)),
    );
    if (!exists) continue;
    await adminClient.resources.offline(name);
    await adminClient.waitFor((cluster) => cluster.resources.get(name)?.state === 'Offline', { timeoutMs: 30_000 });
    await adminClient.resources.delete(name);
  }
  for (const name of made.groups) await adminClient.groups.delete(name).catch(unlessGone);
  for (const name of made.types) await adminClient.resourceTypes.unregister(name).catch(unlessGone);
});

test('a type registered while the page is open brings its panel: wizard page, Parameters tab, live count', async ({
  page,
  adminClient,
}) => {
  await logOn(page, users.admin);
  await markPage(page);
  await treeItem(page, 'Resource Types').click();
  await expect(gridRow(page, 'Chat Server')).toBeVisible();
  await expect(gridRow(page, 'Greeting Server')).toHaveCount(0);

  await adminClient.resourceTypes.register(await exampleRegistration({ variant: 'working' }));
  await expect(gridRow(page, 'Greeting Server')).toBeVisible();
  await adminClient.groups.create({
    name: 'GREETING_GROUP',
    description: 'The example third-party type',
    policy: { preferredOwners: ['OSDB_SERV', 'OSDB_BACK'] },
  });

  // New Resource: the type's own wizard page comes from its panel module.
  await treeItem(page, 'GREETING_GROUP').click();
  await page.getByRole('toolbar', { name: 'Actions' }).getByRole('button', { name: 'New Resource' }).click();
  const wizard = page.getByRole('dialog', { name: 'New Resource' });
  await wizard.getByLabel('Name', { exact: true }).fill('Greeter');
  await wizard.getByLabel('Resource type').selectOption('Greeting Server');
  await expect(wizard.getByLabel('Group')).toHaveValue('GREETING_GROUP');
  for (const title of ['Possible owners', 'Dependencies', 'Greeting']) {
    await wizard.getByRole('button', { name: 'Next' }).click();
    await expect(wizard.getByRole('heading', { name: title })).toBeVisible();
  }
  const port = await freeTcpPort();
  await wizard.getByRole('textbox', { name: 'Greeting' }).fill('Hello from the e2e test');
  await wizard.getByRole('spinbutton', { name: 'Port' }).fill(String(port));
  await wizard.getByRole('button', { name: 'Finish' }).click();
  await expect(wizard).toBeHidden();
  const row = gridRow(page, 'Greeter');
  await expect(row).toContainText('Offline');
  await expect(row).toContainText('Greeting Server');

  // Its Parameters tab is the panel, showing what the wizard set.
  await row.dblclick();
  const sheet = propertySheet(page, 'Greeter');
  await sheet.getByRole('tab', { name: 'Parameters' }).click();
  const form = sheet.getByRole('form', { name: 'Greeting Server parameters' });
  await expect(form.getByRole('textbox', { name: 'Greeting' })).toHaveValue('Hello from the e2e test');
  await expect(form.getByRole('spinbutton', { name: 'Port' })).toHaveValue(String(port));
  await expect(sheet.getByText('Not counting while Offline.')).toBeVisible();

  // Online, it greets a raw TCP client, and the panel's count (a control code) says so.
  await adminClient.resources.online('Greeter');
  await expect(sheet.getByText(/^Counting…$|greeted since it came online/)).toBeVisible();
  const client = await ChatClient.connect('127.0.0.1', port);
  try {
    expect(await client.firstLine()).toMatch(/^Hello from the e2e test \(OSDB_(SERV|BACK)\)$/);
  } finally {
    client.close();
  }
  await sheet.getByRole('button', { name: 'Refresh' }).click();
  await expect(sheet.getByText(/^1 greeted since it came online on OSDB_(SERV|BACK)\.$/)).toBeVisible();
  await docScreenshot(sheet, 'third-party-panel');
  expect(await isSamePage(page)).toBe(true);
  await sheet.getByRole('button', { name: 'Cancel' }).click();
});

test('a panel that throws shows its placeholder, and the rest of the console keeps working', async ({
  page,
  adminClient,
}) => {
  await logOn(page, users.admin);
  await markPage(page);
  await adminClient.resourceTypes.register(await exampleRegistration({ variant: 'broken' }));
  await adminClient.groups.create({ name: 'BROKEN_GROUP' });
  await adminClient.resources.create({
    name: 'Broken Greeter',
    group: 'BROKEN_GROUP',
    resourceType: 'Broken Greeting Server',
    private: { Port: await freeTcpPort() },
  });

  await treeItem(page, 'Resources').click();
  await gridRow(page, 'Broken Greeter').dblclick();
  const sheet = propertySheet(page, 'Broken Greeter');
  await sheet.getByRole('tab', { name: 'Parameters' }).click();
  const placeholder = sheet.getByRole('alert', { name: 'Broken Greeting Server panel error' });
  await expect(placeholder).toContainText(
    'The Parameters panel of resource type "Broken Greeting Server" cannot be shown.',
  );
  await expect(placeholder).toContainText('Broken Greeting panel: rendering Broken Greeter fails on purpose');

  // The sheet's other pages work, and so does the generic form instead of the panel.
  await sheet.getByRole('tab', { name: 'General' }).click();
  await expect(sheet.getByRole('tabpanel')).toContainText('BROKEN_GROUP');
  await sheet.getByRole('tab', { name: 'Parameters' }).click();
  await placeholder.getByRole('button', { name: 'Use the generic form' }).click();
  await expect(sheet.getByRole('textbox', { name: 'Greeting' })).toHaveValue('Hello from a broken panel');
  await sheet.getByRole('button', { name: 'Cancel' }).click();
  await expect(sheet).toBeHidden();

  // The rest of the console: another resource's panel still loads.
  await gridRow(page, 'Chat Server').dblclick();
  const chat = propertySheet(page, 'Chat Server');
  await chat.getByRole('tab', { name: 'Parameters' }).click();
  await expect(chat.getByRole('form', { name: 'Chat Server parameters' })).toBeVisible();
  expect(await isSamePage(page)).toBe(true);
});

test('a panel that needs another console API is refused with a clear message', async ({ page, adminClient }) => {
  await logOn(page, users.admin);
  await adminClient.resourceTypes.register(await exampleRegistration({ variant: 'incompatible' }));
  await adminClient.groups.create({ name: 'FUTURE_GROUP' });
  await adminClient.resources.create({
    name: 'Future Greeter',
    group: 'FUTURE_GROUP',
    resourceType: 'Future Greeting Server',
    private: { Port: await freeTcpPort() },
  });

  await treeItem(page, 'Resources').click();
  await gridRow(page, 'Future Greeter').dblclick();
  const sheet = propertySheet(page, 'Future Greeter');
  await sheet.getByRole('tab', { name: 'Parameters' }).click();
  await expect(sheet.getByRole('alert', { name: 'Future Greeting Server panel error' })).toContainText(
    'needs console API ^2.0.0, but this console offers 1.1.0',
  );
});
