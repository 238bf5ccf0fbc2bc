import { greetingFrom } from '@wolfpack/testing/chat-client';
import { docScreenshot, gridRow, logOn, showGroups, treeItem } from '../support/console.ts';
import { expect, test } from '../support/fixtures.ts';
import { chatProcesses } from '@wolfpack/testing/processes';
import { users } from '../support/users.ts';

/*
 * A crash as an administrator causes one: `kill -9` of the chat server's process. The
 * events pane shows the log live and tells it as a story: what failed, where, the
 * restart, and how long until it was Online again.
 */

test('killing the chat process shows Failed and the restart in the events pane', async ({
  page,
  cluster,
  adminClient,
}) => {
  const settled = await adminClient.waitFor((state) => state.groups.get('SOCKET_GROUP')?.state === 'Online', {
    timeoutMs: 30_000,
  });
  const owner = settled.groups.get('SOCKET_GROUP')!.ownerNode!;
  await logOn(page, users.admin);
  await showGroups(page);
  const events = page.getByRole('region', { name: 'Cluster events' });
  const log = events.getByRole('table', { name: 'Event log' });
  const failedRows = log.getByRole('row').filter({ hasText: 'Chat Server Failed' });
  const before = await failedRows.count();

  const pids = chatProcesses(cluster.dataDir);
  expect(pids, 'one chat server process runs').toHaveLength(1);
  process.kill(pids[0]!, 'SIGKILL');

  // The log, live: the resource Failed on its node.
  await expect(failedRows).toHaveCount(before + 1);
  await expect(failedRows.first()).toContainText(`Chat Server Failed on ${owner}`);
  // The story: what failed, where, restarted there, Online again after how long.
  const story = events.getByRole('list', { name: 'What happened' }).getByRole('listitem').first();
  await expect(story).toContainText(`Chat Server failed on ${owner}`);
  await expect(story).toContainText(`restarted on ${owner}`);
  await expect(story).toContainText(/Online again after [\d.]+ (ms|s)/);

  // A new process serves clients on the same node.
  await expect
    .poll(() => chatProcesses(cluster.dataDir).filter((pid) => pid !== pids[0]).length, { timeout: 30_000 })
    .toBe(1);
  const { line, client } = await greetingFrom(cluster.chatAddress, cluster.chatPort);
  client.close();
  expect(line).toBe(`WELCOME to SOCKET_GROUP on ${owner}`);

  // Pictures for the docs: the pane with the story open, and the whole window with the group's resources.
  await story.locator('summary').click();
  await expect(story.getByRole('listitem').first()).toBeVisible();
  await docScreenshot(events, 'events-pane');
  await treeItem(page, 'SOCKET_GROUP').click();
  await expect(page.getByRole('heading', { name: 'Resources of SOCKET_GROUP' })).toBeVisible();
  await expect(gridRow(page, 'Chat Server')).toContainText('Online');
  await docScreenshot(page, 'after-a-crash');
});
