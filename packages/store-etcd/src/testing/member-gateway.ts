/*
 * Asking one etcd member over its HTTP gateway (health, status, metrics), with the
 * cluster's client certificate when it runs TLS.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { EtcdCertificates } from './certificates.ts';

/** One request to a member's HTTP gateway (with the client certificate when it runs TLS); the parsed JSON, or undefined. */
async function ask(
  clientUrl: string,
  path: string,
  body: string | undefined,
  tls: EtcdCertificates | undefined,
): Promise<unknown> {
  const text = await memberText(clientUrl, path, tls, body);
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * A member's answer at `path` as text (e.g. /metrics), with the cluster's client
 * certificate when it runs TLS (fetch cannot present one); undefined when it does not answer.
 */
export async function memberText(
  clientUrl: string,
  path: string,
  tls: Pick<EtcdCertificates, 'caFile' | 'clientCertFile' | 'clientKeyFile'> | undefined,
  body?: string,
): Promise<string | undefined> {
  const url = new URL(path, clientUrl);
  const secure = tls
    ? { ca: readFileSync(tls.caFile), cert: readFileSync(tls.clientCertFile), key: readFileSync(tls.clientKeyFile) }
    : {};
  return new Promise((resolve) => {
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      url,
      { method: body === undefined ? 'GET' : 'POST', timeout: 1000, ...secure },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve(text));
        response.on('error', () => resolve(undefined));
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', () => resolve(undefined));
    request.end(body);
  });
}

export async function healthy(clientUrl: string, tls: EtcdCertificates | undefined): Promise<boolean> {
  const body = (await ask(clientUrl, '/health', undefined, tls)) as { health?: string } | undefined;
  return body?.health === 'true';
}

/** A member's view of the cluster, through etcd's HTTP gateway. */
export async function memberStatus(
  clientUrl: string,
  tls: EtcdCertificates | undefined,
): Promise<{ leader: string; header: { member_id: string } } | undefined> {
  return (await ask(clientUrl, '/v3/maintenance/status', '{}', tls)) as
    | { leader: string; header: { member_id: string } }
    | undefined;
}
