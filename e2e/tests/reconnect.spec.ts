import { join } from 'node:path';
import { keys, type GroupConfig } from '@wolfpack/contracts';
import { openEmbeddedStore } from '@wolfpack/store-embedded';
import { cellOf, gridRow, isSamePage, logOn, markPage, showGroups } from '../support/console.ts';
import { expect, test } from '../support/fixtures.ts';
import { serverProcess } from '@wolfpack/testing/processes';
import { users } from '../support/users.ts';

/*
 * The server dies (kill -9) under an open console: a clear banner says the view is
 * frozen at a revision; the launcher restarts the server, the console reconnects by
 * itself and resumes, showing what changed in the store meanwhile, without a reload.
 */

test('while the server is down a banner says so; after its restart the page resumes and shows what changed meanwhile', async ({
  page,
  cluster,
  adminClient,
}) => {
  await logOn(page, users.admin);
  await showGroups(page);
  await markPage(page);
  const row = gridRow(page, 'SOCKET_GROUP');
  const description = await cellOf(page, row, 'Description');
  const original = (await adminClient.groups.get('SOCKET_GROUP')).description;
  await expect(page.getByRole('status', { name: /Live state: Live/ })).toBeVisible();

  const pid = serverProcess(cluster.dataDir);
  expect(pid, 'the server process runs').toBeDefined();
  process.kill(pid!, 'SIGKILL');
  const banner = page.getByRole('alert').filter({ hasText: 'Disconnected from the cluster.' });
  await expect(banner).toContainText(/What you see is the cluster as of revision \d+ and may be out of date/);

  // A change while nobody serves the stream: written to the store, as a node agent would.
  const store = await openEmbeddedStore({ path: join(cluster.dataDir, 'cluster.db') });
  try {
    const current = JSON.parse((await store.get(keys.group('SOCKET_GROUP')))!.value) as GroupConfig;
    await store.put(
      keys.group('SOCKET_GROUP'),
      JSON.stringify({ ...current, description: 'changed while the server was down' }),
    );
  } finally {
    await store.close();
  }

  // The launcher restarts the server (same port); the console comes back on its own.
  await expect(banner).toBeHidden({ timeout: 45_000 });
  await expect(page.getByRole('status', { name: /Live state: Live/ })).toBeVisible();
  await expect(description).toHaveText('changed while the server was down');
  // And it is live again: a change through the restarted server shows too.
  await adminClient.groups.update('SOCKET_GROUP', { description: original });
  await expect(description).toHaveText(original);
  expect(await isSamePage(page)).toBe(true);
});
