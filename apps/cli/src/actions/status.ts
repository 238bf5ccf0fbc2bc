import { WolfpackError } from '@wolfpack/client';
import type { ClusterSnapshot } from '@wolfpack/contracts';
import type { Context } from '../context.ts';
import { CliError, exitCodes } from '../exit-codes.ts';
import { openFeed, refusal } from '../live-feed.ts';
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
  let scheduled = false;
  const draw = () => {
    scheduled = false;
    const snapshot: ClusterSnapshot = feed.state.snapshot();
    if (output.json) return output.printJsonLine(snapshot);
    const footer = feed.status === 'connected' ? 'live · Ctrl-C to stop' : `live stream ${feed.status}${feed.reason ? ` (${feed.reason})` : ''}, reconnecting…`;
    const screen = `${statusScreen(snapshot, output.color)}\n\n${footer}`;
    // On a terminal the screen is redrawn in place; piped, each screen follows the last.
    output.stdout.write(output.stdout.isTTY ? `\u001b[H\u001b[2J${screen}\n` : `${screen}\n\n`);
  };
  // A burst of changes (a move is a dozen) is drawn once.
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(draw, 30);
  };
  draw();
  feed.subscribe(schedule);
  feed.onStatus(schedule);
  try {
    await Promise.race([untilStopped(), refusal(feed)]);
  } finally {
    feed.close();
  }
}

export async function health(context: Context): Promise<void> {
  const client = await context.client();
  try {
    context.output.result(await client.health.get(), (reply) => `${reply.status} at revision ${reply.revision}`);
  } catch (error) {
    // 503 is the degraded health reply itself, not a failure to reach the server.
    if (error instanceof WolfpackError && error.status === 503) throw new CliError(exitCodes.unreachable, `${context.url} is degraded: its cluster store does not answer`);
    throw error;
  }
}
