import { WolfpackError } from '@wolfpack/client';
import type { ClusterSnapshot } from '@wolfpack/contracts';
import type { Context } from '../context.ts';
import { CliError, exitCodes } from '../exit-codes.ts';
import { openFeed, refusedByStream } from '../live-feed.ts';
import { statusScreen } from '../status-screen.ts';
import { untilStopped } from '../until-stopped.ts';

export async function status(context: Context, options: { watch?: boolean }): Promise<void> {
  const client = await context.client();
  const { output } = context;
  if (!options.watch) {
    output.result(await client.cluster.get(), (snapshot) => statusScreen(snapshot, output.color));
    return;
  }
  // The live stream, not polling: the screen is redrawn when the cluster changes.
  const feed = await openFeed(client, 30_000);
  let pending: NodeJS.Timeout | undefined;
  const draw = () => {
    pending = undefined;
    const snapshot: ClusterSnapshot = feed.state.snapshot();
    if (output.json) return output.printJsonLine(snapshot);
    const footer =
      feed.status === 'connected'
        ? 'live · Ctrl-C to stop'
        : `live stream ${feed.status}${feed.reason ? ` (${feed.reason})` : ''}, reconnecting…`;
    const screen = `${statusScreen(snapshot, output.color)}\n\n${footer}`;
    // On a terminal the screen is redrawn in place; piped, each screen follows the last.
    output.stdout.write(output.stdout.isTTY ? `\u001b[H\u001b[2J${screen}\n` : `${screen}\n\n`);
  };
  // A burst of changes (a move is a dozen) is drawn once.
  const schedule = () => {
    pending ??= setTimeout(draw, 30);
  };
  draw();
  const unsubscribe = feed.subscribe(schedule);
  const unwatch = feed.onStatus(schedule);
  try {
    await Promise.race([untilStopped(), refusedByStream(feed)]);
  } finally {
    // No screen after Ctrl-C (closing the feed is a status change too), and no timer left
    // to keep the process up: bin/wolfpack.mjs lets it end by itself.
    unsubscribe();
    unwatch();
    clearTimeout(pending);
    feed.close();
  }
}

export async function health(context: Context): Promise<void> {
  const client = await context.client();
  try {
    context.output.result(await client.health.get(), (reply) => `${reply.status} at revision ${reply.revision}`);
  } catch (error) {
    // 503 is the degraded health reply itself, not a failure to reach the server.
    if (error instanceof WolfpackError && error.status === 503)
      throw new CliError(exitCodes.unreachable, `${context.url} is degraded: its cluster store does not answer`);
    throw error;
  }
}
