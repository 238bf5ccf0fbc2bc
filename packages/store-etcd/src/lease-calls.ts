/*
 * Lease calls the etcd3 client has no one-shot form for.
 */
import type { CallOptions } from '@grpc/grpc-js';
import { randomInt } from 'node:crypto';
import type { Etcd3, ILeaseKeepAliveResponse } from 'etcd3';

/**
 * Renew a lease once over a short-lived keepalive stream; resolves with the TTL etcd
 * gave (seconds), 0 if the lease does not exist.
 */
export async function keepAliveOnce(client: Etcd3, lease: number, options: CallOptions): Promise<number> {
  const stream = await client.leaseClient.leaseKeepAlive(options);
  try {
    return await new Promise<number>((resolve, reject) => {
      stream.on('data', (response: ILeaseKeepAliveResponse) => resolve(Number(response.TTL)));
      stream.on('error', reject);
      stream.on('end', () => reject(new Error(`keepAlive ${lease}: the stream ended without an answer`)));
      stream.write({ ID: lease });
    });
  } finally {
    closeStream(stream);
  }
}

/**
 * End a stream we are done with. Half-close first: etcd3 takes the cancellation error of
 * a still-writable stream for a member failure and reconnects every service of that member.
 */
export function closeStream(stream: { end(): void; cancel(): void }): void {
  stream.end();
  stream.cancel();
}

/** A lease id in 1 .. 2^53 - 1, so it survives as a JavaScript number (and in JSON). */
export function randomLeaseId(): number {
  for (;;) {
    const id = randomInt(2 ** 21) * 2 ** 32 + randomInt(2 ** 32);
    if (id > 0) return id;
  }
}
