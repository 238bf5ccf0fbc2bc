import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, WolfpackError } from '@wolfpack/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpFetch } from '../src/http-fetch.ts';

/*
 * The CLI's fetch over node:http, against a local server that answers only when told:
 * an aborted request rejects as fetch's would (with the signal's reason), so the client
 * reports a timeout as a timeout, not as a server it cannot reach.
 */

let server: Server;
let url: string;
const held: ServerResponse[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url?.endsWith('/quick'))
      return response.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    held.push(response); // never answered: the caller's signal has to end it
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const response of held) response.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe('httpFetch', () => {
  it('answers as fetch does', async () => {
    const reply = await httpFetch(`${url}/quick`);
    expect(reply.status).toBe(200);
    expect(await reply.text()).toBe('[]');
  });

  it("AbortSignal.timeout rejects with its TimeoutError, not node:http's AbortError", async () => {
    const error = await httpFetch(`${url}/slow`, { signal: AbortSignal.timeout(50) }).catch(
      (caught: unknown) => caught,
    );
    expect((error as Error).name).toBe('TimeoutError');
  });

  it('an abort with a reason rejects with that reason', async () => {
    const controller = new AbortController();
    const pending = httpFetch(`${url}/slow`, { signal: controller.signal }).catch((caught: unknown) => caught);
    const reason = new Error('stopped by the person');
    setTimeout(() => controller.abort(reason), 20);
    expect(await pending).toBe(reason);
  });

  it('so the client reports a call that takes too long as a timeout', async () => {
    const client = createClient({ url, fetch: httpFetch, timeoutMs: 100 });
    const error = await client.nodes.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WolfpackError);
    expect((error as WolfpackError).code).toBe('timeout');
  });
});
