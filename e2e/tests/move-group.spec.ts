import { greetingFrom } from '@wolfpack/testing/chat-client';
import {
  cellOf,
  docScreenshot,
  gridRow,
  isSamePage,
  logOn,
  markPage,
  showGroups,
  treeItem,
} from '../support/console.ts';
import { expect, test } from '../support/fixtures.ts';
import type { ClusterInfo } from '@wolfpack/testing/seed-cluster';
import type { WolfpackClient } from '@wolfpack/client';
import { users } from '../support/users.ts';

const nodes = ['OSDB_BACK', 'OSDB_SERV'];

/** The chat server's greeting, connecting until it names `node` (the old owner may answer a moment longer). */
async function greetingOn(cluster: ClusterInfo, node: string): Promise<string> {
  const expected = `WELCOME to SOCKET_GROUP on ${node}`;
  let last = '';
  await expect
    .poll(
      async () => {
        const { line, client } = await greetingFrom(cluster.chatAddress, cluster.chatPort);
        client.close();
        return (last = line);
      },
      {
        message: `a raw TCP client of ${cluster.chatAddress}:${cluster.chatPort} is greeted from ${node}`,
        timeout: 30_000,
      },
    )
    .toBe(expected);
  return last;
}

/** Where SOCKET_GROUP runs now, once it is Online (a test before may have left it moving). */
async function ownerNow(client: WolfpackClient): Promise<string> {
  const settled = await client.waitFor((state) => state.groups.get('SOCKET_GROUP')?.state === 'Online', {
    timeoutMs: 30_000,
  });
  return settled.groups.get('SOCKET_GROUP')!.ownerNode ?? '';
}

test('SOCKET_GROUP moves with the context menu, then back by drag and drop; the page follows without a reload and clients are greeted from the new node', async ({
  page,
  cluster,
  adminClient,
}) => {
  const from = await ownerNow(adminClient);
  const to = nodes.find((node) => node !== from)!;
  await logOn(page, users.admin);
  await showGroups(page);
  await markPage(page);
  const row = gridRow(page, 'SOCKET_GROUP');
  await expect(await cellOf(page, row, 'Owner')).toHaveText(from);

  // Right-click → Move Group ▸ <node> → the plan ("what happens if") → Move.
  await row.click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Actions for SOCKET_GROUP' });
  await menu.getByRole('menuitem', { name: 'Move Group' }).click();
  await page.getByRole('menu', { name: 'Move Group' }).getByRole('menuitem', { name: to, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Move Group SOCKET_GROUP' });
  await expect(dialog).toBeVisible();
  const steps = dialog.getByRole('list', { name: 'Plan steps' });
  await expect(steps).toContainText(`on ${from}`);
  await expect(steps).toContainText(`on ${to}`);
  await expect(steps).toContainText('Chat Server');
  await docScreenshot(dialog, 'move-plan');
  await dialog.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(dialog).toBeHidden();

  await expect(await cellOf(page, row, 'Owner')).toHaveText(to);
  await expect(await cellOf(page, row, 'State')).toHaveText('Online');
  expect(await isSamePage(page)).toBe(true);
  await greetingOn(cluster, to);

  // Drag the row onto the other node in the tree: the same plan, then Move.
  await row.dragTo(treeItem(page, from));
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('combobox', { name: 'Move to' })).toHaveValue(from);
  await expect(dialog.getByRole('list', { name: 'Plan steps' })).toContainText(`on ${from}`);
  await dialog.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(dialog).toBeHidden();

  await expect(await cellOf(page, row, 'Owner')).toHaveText(from);
  await expect(await cellOf(page, row, 'State')).toHaveText('Online');
  expect(await isSamePage(page)).toBe(true);
  await greetingOn(cluster, from);

  // The events pane tells the move as a story.
  await expect(page.getByRole('list', { name: 'What happened' })).toContainText(
    `admin moved SOCKET_GROUP from ${to} to ${from}`,
  );
});
