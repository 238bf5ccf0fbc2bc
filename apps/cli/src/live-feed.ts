import { WolfpackError, type LiveFeed, type WolfpackClient } from '@wolfpack/client';

/*
 * Opening the live stream for a command: wait for the first snapshot (so what follows
 * starts from a known state), and give up with the stream's own reason rather than hang
 * when it cannot connect at all. Only actions import this (it loads the client).
 */
export async function openFeed(client: WolfpackClient, timeoutMs: number): Promise<LiveFeed> {
  const feed = await client.live();
  try {
    await feed.ready(timeoutMs);
    return feed;
  } catch (error) {
    feed.close();
    if (error instanceof WolfpackError && error.code === 'timeout') {
      throw new WolfpackError(
        0,
        'unreachable',
        `cannot reach ${client.url}: the live stream did not connect within ${Math.round(timeoutMs / 1000)} s (${feed.reason ?? 'no answer'})`,
      );
    }
    throw error;
  }
}

/**
 * Never resolves; rejects when the live stream refuses our credentials (a token revoked
 * meanwhile), so a long-running command ends with exit 4 rather than waiting forever.
 */
export function refusedByStream(feed: LiveFeed): Promise<never> {
  return new Promise((_resolve, reject) => {
    feed.onStatus((status, reason) => {
      if (status === 'unauthorized')
        reject(new WolfpackError(401, 'unauthorized', reason ?? 'the live stream refused the credentials'));
    });
  });
}
