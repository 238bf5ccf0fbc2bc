import type { Context } from './context.ts';
import type { WaitOptions } from './commands/options.ts';
import { openFeed } from './live-feed.ts';
import { follow, recordEvents, type Target } from './waiting.ts';

/**
 * Sends a command that takes time (online, offline, move). Without --wait it prints the
 * server's acceptance and returns. With --wait the live stream is opened first, so no
 * step of the command can happen before we listen, and followed to `targetOf(reply)`;
 * it ends early (exit 2) when the log says the target cannot be reached (waiting.ts).
 */
export async function sendAndFollow<R extends { revision: number }>(
  context: Context,
  options: WaitOptions,
  send: () => Promise<R>,
  targetOf: (reply: R) => Target,
  describe: (reply: R) => string,
): Promise<void> {
  const { output } = context;
  if (!options.wait) {
    output.result(await send(), describe);
    return;
  }
  const timeoutMs = options.timeout * 1000;
  // --timeout is for the command's steps; connecting the stream has its own limit.
  const feed = await openFeed(await context.client(), 30_000);
  const recorded = recordEvents(feed);
  try {
    const reply = await send();
    if (!output.json) output.line(describe(reply));
    await follow(feed, targetOf(reply), { revision: reply.revision, timeoutMs, output, events: recorded.events });
    if (output.json) output.printJson(reply);
  } finally {
    recorded.stop();
    feed.close();
  }
}
