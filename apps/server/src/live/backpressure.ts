import type { Socket } from 'socket.io';

/*
 * A client that stops reading must not make the server hold every message for it: what is
 * queued for a connection (engine.io's write buffer, then the WebSocket's and the TCP
 * socket's) is measured before each message, and past a bound the connection is dropped.
 * A client that reads again reconnects and resumes (LiveFeed does), getting one snapshot
 * or the changes it missed.
 */

/** Default bound on what one connection may have queued: a few snapshots of a large cluster. */
export const defaultMaxBufferedBytes = 16 * 1024 * 1024;

/** engine.io's members this reads: not in its typings, stable across 6.x. */
interface EngineConnection {
  writeBuffer?: { data?: unknown }[];
  transport?: { socket?: { bufferedAmount?: unknown; terminate?: () => void } };
  close(discard?: boolean): void;
}

/** Bytes queued for the connection and not yet handed to the kernel's socket buffer. */
export function bufferedBytes(socket: Socket): number {
  const connection = socket.conn as unknown as EngineConnection;
  let bytes = 0;
  for (const packet of connection.writeBuffer ?? []) {
    if (typeof packet.data === 'string') bytes += packet.data.length;
    else if (packet.data instanceof Uint8Array) bytes += packet.data.byteLength;
  }
  const queued = connection.transport?.socket?.bufferedAmount;
  return typeof queued === 'number' ? bytes + queued : bytes;
}

/** Drops the connection now, buffers and all (a close would wait for the buffers to drain). */
export function dropConnection(socket: Socket): void {
  const connection = socket.conn as unknown as EngineConnection;
  const webSocket = connection.transport?.socket;
  if (typeof webSocket?.terminate === 'function') webSocket.terminate();
  else connection.close(true);
}
