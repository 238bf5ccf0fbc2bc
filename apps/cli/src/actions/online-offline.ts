import type { Context } from '../context.ts';
import type { WaitOptions } from '../commands/options.ts';
import { sendAndFollow } from '../send-and-follow.ts';
import { groupInState, resourceInState } from '../waiting.ts';

/**
 * `wolfpack group|resource online|offline <name>`: asks the server to bring the group or
 * resource to that state, and with --wait follows it there (sendAndFollow).
 */
export async function bringOnlineOrOffline(
  context: Context,
  object: 'group' | 'resource',
  name: string,
  state: 'Online' | 'Offline',
  options: WaitOptions,
): Promise<void> {
  const client = await context.client();
  const objects = object === 'group' ? client.groups : client.resources;
  await sendAndFollow(
    context,
    options,
    () => (state === 'Online' ? objects.online(name) : objects.offline(name)),
    () => (object === 'group' ? groupInState : resourceInState)(name, state),
    (reply) => reply.message,
  );
}
