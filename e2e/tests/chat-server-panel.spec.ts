import type { Page } from '@playwright/test';
import { ChatClient, greetingFrom } from '@wolfpack/testing/chat-client';
import { docScreenshot, gridRow, logOn, propertySheet, treeItem } from '../support/console.ts';
import { expect, test } from '../support/fixtures.ts';
import { users } from '../support/users.ts';

/*
 * The Chat Server's Parameters tab: its type's extension panel (loaded at run time), with
 * MaxUser checked as it is typed, and the live "Connected users" list.
 */

/** Resources → Chat Server → Properties (Enter) → Parameters. */
async function openChatParameters(page: Page) {
  await treeItem(page, 'Resources').click();
  const row = gridRow(page, 'Chat Server');
  await row.click();
  await row.press('Enter');
  const sheet = propertySheet(page, 'Chat Server');
  await expect(sheet).toBeVisible();
  await expect(sheet.getByRole('tab')).toHaveText(['General', 'Dependencies', 'Advanced', 'Parameters']);
  await sheet.getByRole('tab', { name: 'Parameters' }).click();
  await expect(sheet.getByRole('form', { name: 'Chat Server parameters' })).toBeVisible();
  return sheet;
}

test.afterEach(async ({ adminClient }) => {
  // Leave the seed's MaxUser for the tests after this one.
  await adminClient.resources.setProperties('Chat Server', { private: { MaxUser: 10 } });
});

test('MaxUser 11 is refused at the field and nothing is saved; MaxUser 3 is saved and a 4th client is refused', async ({
  page,
  cluster,
  adminClient,
}) => {
  await logOn(page, users.admin);
  const sheet = await openChatParameters(page);
  const maxUser = sheet.getByRole('spinbutton', { name: 'MaxUser' });
  await expect(maxUser).toHaveValue('10');

  const sent: string[] = [];
  page.on('request', (request) => {
    if (request.method() !== 'GET' && request.url().includes('/api/v1/resources/'))
      sent.push(`${request.method()} ${request.url()}`);
  });
  await maxUser.fill('11');
  await expect(maxUser).toHaveAttribute('aria-invalid', 'true');
  await expect(maxUser).toHaveAccessibleDescription(/must be <= 10/);
  await sheet.getByRole('button', { name: 'Apply' }).click();
  await expect(maxUser).toHaveAccessibleDescription(/must be <= 10/);
  await expect(sheet.getByRole('tab', { name: /Parameters/ })).toHaveAttribute('aria-selected', 'true');
  // OK refuses to close while a field is wrong.
  await sheet.getByRole('button', { name: 'OK' }).click();
  await expect(sheet).toBeVisible();
  expect(sent).toEqual([]);
  expect((await adminClient.resources.get('Chat Server')).privateProperties.MaxUser).toBe(10);

  await maxUser.fill('3');
  await expect(maxUser).toHaveAttribute('aria-invalid', 'false');
  await sheet.getByRole('button', { name: 'Apply' }).click();
  await expect.poll(async () => (await adminClient.resources.get('Chat Server')).privateProperties.MaxUser).toBe(3);
  await expect(maxUser).toHaveValue('3');
  await sheet.getByRole('button', { name: 'OK' }).click();
  await expect(sheet).toBeHidden();

  // Three are welcome; the fourth is told the server is full, naming MaxUser.
  const clients: ChatClient[] = [];
  try {
    const first = await greetingFrom(cluster.chatAddress, cluster.chatPort);
    clients.push(first.client);
    expect(first.line).toMatch(/^WELCOME to SOCKET_GROUP on /);
    for (let n = 2; n <= 3; n++) {
      const client = await ChatClient.connect(cluster.chatAddress, cluster.chatPort);
      clients.push(client);
      expect(await client.firstLine()).toMatch(/^WELCOME to SOCKET_GROUP on /);
    }
    const fourth = await ChatClient.connect(cluster.chatAddress, cluster.chatPort);
    clients.push(fourth);
    expect(await fourth.firstLine()).toBe('ERROR server full: MaxUser is 3');
  } finally {
    for (const client of clients) client.close();
  }
});

test('the Connected users list shows a raw TCP client by its address and port', async ({ page, cluster }) => {
  const { line, client } = await greetingFrom(cluster.chatAddress, cluster.chatPort);
  try {
    expect(line).toMatch(/^WELCOME to SOCKET_GROUP on /);
    await logOn(page, users.admin);
    const sheet = await openChatParameters(page);
    const table = sheet.getByRole('table', { name: 'Connected users' });
    const row = table
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: String(client.localPort), exact: true }) });
    await expect(row).toBeVisible();
    await expect(row.getByRole('cell').first()).toContainText(client.localAddress);
    await docScreenshot(sheet, 'chat-server-properties');

    // Gone from the list once it hangs up (the list refreshes itself).
    client.close();
    await expect(row).toHaveCount(0);
  } finally {
    client.close();
  }
});
