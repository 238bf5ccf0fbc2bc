import { request } from 'node:http';
import { connect } from 'node:net';
import type { ErrorBody } from '@wolfpack/contracts';
import { readEvents } from '@wolfpack/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStoreDir, startServer, type RunningServer, type StoreDir } from './harness/in-process.ts';

// What a request may cost the server before it is refused: the role is checked before the
// body is read, bodies have a limit per route, headers and whole requests have deadlines,
// costly routes have a budget of their own (trust-proxy.test.ts: X-Forwarded-For counts
// only from a configured proxy). Real servers on a real store, spoken to over TCP.
const adminPassword = 'admin password 1';
const mebibyte = 1024 * 1024;

interface StreamedUpload {
  status: number;
  body: string;
  /** Bytes written when the reply's status line arrived. */
  sentWhenAnswered: number;
  total: number;
}

/** POSTs `total` bytes in 64 KiB chunks every `everyMs`, noting how much was sent when the answer came. */
function streamUpload(
  url: string,
  path: string,
  headers: Record<string, string>,
  total: number,
  everyMs: number,
): Promise<StreamedUpload> {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const outgoing = request(
      `${url}/api/v1${path}`,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(total), ...headers } },
      (reply) => {
        const sentWhenAnswered = sent;
        clearInterval(timer);
        let body = '';
        reply.setEncoding('utf8');
        reply.on('data', (part: string) => (body += part));
        reply.on('end', () => {
          outgoing.destroy();
          resolve({ status: reply.statusCode ?? 0, body, sentWhenAnswered, total });
        });
      },
    );
    // The server may close while we still write, after its answer: that is the point. A
    // connection lost before any answer fails here, at once, rather than as a 60 s timeout.
    let answered = false;
    outgoing.on('response', () => (answered = true));
    outgoing.on('error', (error) => {
      if (!answered)
        reject(new Error(`the connection ended after ${sent} of ${total} bytes with no answer: ${error.message}`));
    });
    outgoing.flushHeaders();
    timer = setInterval(() => {
      if (sent >= total) return clearInterval(timer);
      const part = chunk.subarray(0, Math.min(chunk.length, total - sent));
      sent += part.length;
      outgoing.write(part);
      if (sent >= total) outgoing.end();
    }, everyMs);
  });
}

/** Opens a TCP connection, writes `text`, and resolves with what the server answered and how long until it closed. */
function rawExchange(url: string, text: string): Promise<{ answer: string; closedAfterMs: number }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(Number(port), hostname, () => socket.write(text));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (part: string) => (answer += part));
    socket.on('error', reject);
    // A server that never closes it fails the test here rather than hanging it.
    socket.setTimeout(10_000, () => socket.destroy());
    socket.on('close', () => resolve({ answer, closedAfterMs: performance.now() - started }));
  });
}

/** A server on a fresh store, with a viewer "vera"; closed after the describe. */
function serverWithViewer(timeouts?: {
  headersMs: number;
  requestMs: number;
}): () => { server: RunningServer; storeDir: StoreDir } {
  let storeDir: StoreDir;
  let server: RunningServer;
  beforeAll(async () => {
    storeDir = await openStoreDir(adminPassword);
    server = await startServer(storeDir, timeouts ? { timeouts } : {});
    const admin = await server.signIn('admin', adminPassword);
    await admin.users.create({ username: 'vera', password: 'viewer pass 1', role: 'viewer' });
  });
  afterAll(async () => {
    await server?.close();
    await storeDir?.remove();
  });
  return () => ({ server, storeDir });
}

describe('request limits', () => {
  // The default deadlines: a 12 MiB upload on a loaded machine may take longer than the
  // short ones below, and a request cut by its deadline is not what this describe tests.
  const running = serverWithViewer();

  it('refuses a viewer posting 12 MiB to /resource-types with a 403 before the upload ends', async () => {
    const { server, storeDir } = running();
    const viewer = await server.signIn('vera', 'viewer pass 1');
    const upload = await streamUpload(
      server.url,
      '/resource-types',
      { cookie: viewer.cookie!, 'x-csrf-token': viewer.csrfToken! },
      12 * mebibyte,
      5,
    );
    console.log(`viewer upload: answered ${upload.status} after ${upload.sentWhenAnswered} of ${upload.total} bytes`);
    expect(upload.status).toBe(403);
    expect(JSON.parse(upload.body) as ErrorBody).toEqual({
      error: 'forbidden',
      message: expect.stringMatching(/user vera \(role viewer\) may not register-resource-type: it needs role admin/),
    });
    expect(upload.sentWhenAnswered).toBeLessThan(upload.total / 4);
    // Refused, and written down as the user's refusal.
    const events = await readEvents(storeDir.store, { limit: 20 });
    expect(events).toContainEqual(
      expect.objectContaining({ actor: 'vera', command: 'register-resource-type', result: 'refused' }),
    );
  });

  it('limits bodies per route: 16 KiB by default, more where the table says', async () => {
    const { server } = running();
    const admin = await server.signIn('admin', adminPassword);
    const big = { name: 'BIG_GROUP', description: 'x'.repeat(17 * 1024) };
    const refused = await admin.raw<ErrorBody>('POST', '/groups', { body: big });
    expect(refused.status).toBe(413);
    expect(refused.body).toEqual({
      error: 'validation',
      message: 'request body too large: this route takes at most 16384 bytes; nothing was changed',
    });
    expect((await admin.raw('GET', '/groups/BIG_GROUP')).status).toBe(404);
    // A resource's properties may be larger (256 KiB): this one reaches validation.
    const properties = await admin.raw<ErrorBody>('POST', '/resources', {
      body: {
        name: 'R',
        group: 'NO_SUCH_GROUP',
        type: 'Generic Application',
        properties: { private: { CommandLine: 'x'.repeat(100 * 1024) } },
      },
    });
    expect(properties.status).not.toBe(413);
  });
});

describe('request deadlines', () => {
  // Short deadlines, so that the test waits them out in a second.
  const running = serverWithViewer({ headersMs: 500, requestMs: 1000 });

  it('closes a connection whose headers do not arrive in time (408)', async () => {
    const { server } = running();
    const { answer, closedAfterMs } = await rawExchange(
      server.url,
      'POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeGreaterThanOrEqual(400);
    expect(closedAfterMs).toBeLessThan(5000);
  });

  it('closes a request whose body does not arrive in time (408)', async () => {
    const { server } = running();
    const { answer, closedAfterMs } = await rawExchange(
      server.url,
      'POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"username":',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeGreaterThanOrEqual(900);
    expect(closedAfterMs).toBeLessThan(6000);
  });
});

describe('costly routes', () => {
  it('control calls, moves and filtered event reads have a budget of their own per address, besides the general one', async () => {
    const storeDir = await openStoreDir(adminPassword);
    const server = await startServer(storeDir, { rateLimits: { costlyPerMinute: 2 } });
    try {
      const admin = await server.signIn('admin', adminPassword);
      const statuses = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
        const seen: number[] = [];
        for (let n = 0; n < 3; n++)
          seen.push((await admin.raw(method, path, body === undefined ? {} : { body })).status);
        return seen;
      };
      expect(await statuses('POST', '/resources/NO_SUCH_RESOURCE/control', { code: 'anything' })).toEqual([
        404, 404, 429,
      ]);
      expect(await statuses('POST', '/groups/NO_SUCH_GROUP/move', { dryRun: true })).toEqual([404, 404, 429]);
      expect(await statuses('GET', '/events?objectKind=group&objectName=G')).toEqual([200, 200, 429]);
      const refused = await admin.raw<ErrorBody>('GET', '/events?objectName=G');
      expect(refused.body.message).toMatch(
        /^too many filtered event reads from 127\.0\.0\.1: at most 2 a minute \(a costly route has a budget of its own\), try again in /,
      );
      // The rest of the API, unfiltered event reads included, is not held up.
      expect(await statuses('GET', '/events?limit=5')).toEqual([200, 200, 200]);
      expect((await admin.raw('GET', '/groups')).status).toBe(200);
    } finally {
      await server.close();
      await storeDir.remove();
    }
  });
});
