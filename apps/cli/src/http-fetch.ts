import type { IncomingMessage } from 'node:http';

/*
 * The client's `fetch`, over node:http. Node 20's own fetch loads undici on the first
 * call, about 75 ms of a `wolfpack status` that should take under 300 ms in all (measured
 * with --cpu-prof). This covers what @wolfpack/client uses of fetch: method, headers and
 * a text body out; status, headers.get, headers.getSetCookie and text() back.
 */

type Reply = Pick<Response, 'status' | 'ok' | 'statusText' | 'text'> & {
  headers: Pick<Headers, 'get' | 'getSetCookie'>;
};

function replyOf(message: IncomingMessage, text: string): Reply {
  const status = message.statusCode ?? 0;
  return {
    status,
    ok: status >= 200 && status < 300,
    statusText: message.statusMessage ?? '',
    text: async () => text,
    headers: {
      get: (name: string) => {
        const value = message.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
      getSetCookie: () => message.headers['set-cookie'] ?? [],
    },
  };
}

export const httpFetch = (async (input: string | URL | Request, init: RequestInit = {}) => {
  const url = new URL(String(input));
  const { request } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const body = typeof init.body === 'string' ? init.body : undefined;
  const headers: Record<string, string> = { ...(init.headers as Record<string, string> | undefined) };
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  const { signal } = init;
  return new Promise<Reply>((resolve, reject) => {
    // As fetch does: an aborted request rejects with the signal's reason, so the client
    // tells AbortSignal.timeout's TimeoutError (a timeout) from a connection that failed.
    // node:http rejects with its own AbortError, which the client would call unreachable.
    const fail = (error: Error) => reject(signal?.aborted ? (signal.reason as unknown) : error);
    const outgoing = request(
      url,
      { method: init.method ?? 'GET', headers, ...(signal ? { signal } : {}) },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => resolve(replyOf(incoming, Buffer.concat(chunks).toString('utf8'))));
        incoming.on('error', fail);
      },
    );
    // The client words a connection error by its code (ECONNREFUSED → "connection refused").
    outgoing.on('error', fail);
    outgoing.end(body);
  });
}) as unknown as typeof fetch;
