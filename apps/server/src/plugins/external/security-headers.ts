import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/*
 * Security headers (helmet). The CSP keeps everything same-origin: the console and the
 * resource type panels it loads with import() are ES modules from this server
 * ('self'), and the live stream is a websocket back to this same host.
 */

export interface SecurityHeadersOptions {
  /** Served over TLS: ask browsers to stay on https (HSTS, upgrade-insecure-requests). */
  tls: boolean;
}

/** Registers @fastify/helmet with Wolfpack's CSP. */
export async function registerSecurityHeaders(app: FastifyInstance, options: SecurityHeadersOptions): Promise<void> {
  const websocketToSelf = (request: { headers: { host?: string } }) =>
    `${options.tls ? 'wss' : 'ws'}://${request.headers.host ?? 'localhost'}`;
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'connect-src': ["'self'", websocketToSelf],
        'img-src': ["'self'", 'data:'],
        'object-src': ["'none'"],
        'frame-ancestors': ["'none'"],
        // Over plain http (a loopback console) upgrading would break every request.
        'upgrade-insecure-requests': options.tls ? [] : null,
      },
    },
    strictTransportSecurity: options.tls ? { maxAge: 180 * 24 * 3600, includeSubDomains: false } : false,
  });
}
