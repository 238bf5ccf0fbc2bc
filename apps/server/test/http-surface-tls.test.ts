import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { adminPassword, storeDir, useSignedInServer } from './harness/signed-in-server.ts';

// The HTTP surface over TLS (http-surface.test.ts has the rest): the server built
// in-process on a real store with a certificate made by openssl for the test.

describe('the HTTP surface', () => {
  useSignedInServer();

  it('over TLS: Secure cookies and HSTS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wolfpack-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const app = await buildApp({
      store: storeDir.store,
      dataDir: storeDir.dataDir,
      tls: { cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const { port } = app.server.address() as AddressInfo;
      const reply = await new Promise<{ status: number; headers: Record<string, string | string[] | undefined> }>(
        (resolve, reject) => {
          const body = JSON.stringify({ username: 'admin', password: adminPassword });
          const request = httpsRequest(
            {
              host: '127.0.0.1',
              port,
              path: '/api/v1/session',
              method: 'POST',
              rejectUnauthorized: false,
              headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
            },
            (response) => {
              response.resume();
              response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers }));
            },
          );
          request.on('error', reject);
          request.end(body);
        },
      );
      expect(reply.status).toBe(200);
      expect(String(reply.headers['set-cookie'])).toMatch(/; Secure/);
      expect(reply.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(String(reply.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
