import { isRequest, type ReplyEnvelope } from './envelope.ts';

/** Answers one request from the supervisor; a thrown error becomes the request's rejection. */
export type RequestHandler = (message: unknown) => unknown | Promise<unknown>;

/**
 * The child side of `SupervisedProcess.request`: answers each request envelope that
 * arrives on this process's IPC channel with the handler's result. Returns a function
 * that stops answering. Does nothing when the process has no IPC channel.
 */
export function answerRequests(handler: RequestHandler): () => void {
  if (!process.send) return () => {};
  const listener = (value: unknown): void => {
    if (!isRequest(value)) return;
    const id = value.wolfpackRequest;
    Promise.resolve()
      .then(() => handler(value.message))
      .then(
        (reply): ReplyEnvelope => ({ wolfpackReply: id, reply }),
        (error: unknown): ReplyEnvelope => ({
          wolfpackReply: id,
          error: error instanceof Error ? error.message : String(error),
        }),
      )
      .then((envelope) => {
        // The supervisor may be gone already; a lost reply is its timeout to handle.
        if (process.connected) process.send?.(envelope);
      });
  };
  process.on('message', listener);
  return () => process.off('message', listener);
}
