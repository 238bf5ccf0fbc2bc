import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import proxyAddr from '@fastify/proxy-addr';
import { apiPrefix } from '@wolfpack/contracts';
import type { ResourceTypeCatalog } from '@wolfpack/engine';
import type { ClusterStore } from '@wolfpack/store';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { livePlugin } from './live/index.ts';
import { auditPlugin } from './plugins/app/audit.ts';
import { authPlugin } from './plugins/app/auth.ts';
import { clusterPlugin, typeViewOptions } from './plugins/app/cluster.ts';
import { consolePlugin } from './plugins/app/console.ts';
import { errorsPlugin } from './plugins/app/errors.ts';
import { validationPlugin } from './plugins/app/validation.ts';
import { apiDocsPrefix, registerApiDocs } from './plugins/external/api-docs.ts';
import { registerCompression } from './plugins/external/compression.ts';
import { registerCookies } from './plugins/external/cookies.ts';
import {
  defaultRateLimits,
  liveHandshakeAdmission,
  registerRateLimit,
  type RateLimits,
} from './plugins/external/rate-limit.ts';
import { registerSecurityHeaders } from './plugins/external/security-headers.ts';
import { apiRoutes } from './routes/index.ts';
import { defaultSessionTtlMs } from './users/index.ts';

export interface AppOptions {
  /** The cluster store (embedded or etcd); the app does not close it. */
  store: ClusterStore;
  /** Default: the built-in types plus those registered in the store. */
  catalog?: ResourceTypeCatalog;
  /** The cluster's data dir: registered types' engine modules are written under it. */
  dataDir: string;
  /** Serve HTTPS with this certificate and key (PEM); cookies are then Secure. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** The console's build output; default apps/console/dist of this checkout. */
  consoleDir?: string;
  sessionTtlMs?: number;
  /** Login attempts allowed per client address per minute. Default 10. */
  loginAttemptsPerMinute?: number;
  /** Live changes gather this long before they are sent. */
  liveBatchWindowMs?: number;
  /** Requests per client address per minute, signed in and anonymous, /live handshakes, and to each costly route. Default 6000, 600, 120 and 120. */
  rateLimits?: Partial<RateLimits>;
  /** Failed sign-ins and rate-limit refusals are counted this long, then written as one event per address. Default a minute. */
  refusalWindowMs?: number;
  /** Limits on receiving a request; defaultTimeouts says the defaults. */
  timeouts?: Partial<RequestTimeouts>;
  /**
   * The proxies whose X-Forwarded-For is believed (request.ip, hence rate limits and the
   * audit log's addresses): addresses or CIDR ranges. Default none: the peer's address counts.
   */
  trustProxy?: string[];
  /** Origins besides the server's own whose pages may open /live (WOLFPACK_ALLOWED_ORIGINS). */
  allowedOrigins?: string[];
  logger?: FastifyServerOptions['logger'];
}

export type WolfpackApp = FastifyInstance;

export interface RequestTimeouts {
  /** The request line and headers must arrive within this (slow-loris). */
  headersMs: number;
  /** The whole request, body included, must arrive within this. */
  requestMs: number;
}

export const defaultTimeouts: RequestTimeouts = { headersMs: 10_000, requestMs: 60_000 };

/**
 * Largest body of a route whose table entry names none. Bodies are small JSON (names,
 * roles, a move's node); routes that take more say so (properties, control, a type upload).
 */
export const defaultBodyLimit = 16 * 1024;

/**
 * The Wolfpack server as a Fastify instance, not yet listening: external plugins
 * (security headers, cookies, rate limit, API docs), the app's plugins (validation,
 * errors, cluster, auth, audit), the REST API under /api/v1, live state at /live, and
 * the console at /. Tests build it on any store.
 */
export async function buildApp(options: AppOptions): Promise<WolfpackApp> {
  const tls = options.tls !== undefined;
  const timeouts = { ...defaultTimeouts, ...options.timeouts };
  // Node checks headers and request timeouts this often (its default, 30 s, would let a
  // timeout run up to 30 s late).
  const serverTimeouts = {
    headersTimeout: timeouts.headersMs,
    connectionsCheckingInterval: Math.min(1000, timeouts.headersMs),
  };
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: defaultBodyLimit,
    requestTimeout: timeouts.requestMs,
    http: serverTimeouts,
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    // Requests are not logged one by one: the audit log records every change.
    logController: new LogController({ disableRequestLogging: true }),
    ...(options.tls ? { https: { cert: options.tls.cert, key: options.tls.key, ...serverTimeouts } } : {}),
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as FastifyInstance;

  // A POST with a JSON content type but no body is a POST without a body (…/online, …/move).
  const json = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '' || (typeof body === 'string' && body.trim() === '')) return done(null, undefined);
    return json(request, body as string, done);
  });

  await app.register(validationPlugin);
  await app.register(errorsPlugin);

  await registerSecurityHeaders(app, { tls });
  await registerCompression(app);
  await registerCookies(app);
  const rateLimits = { ...defaultRateLimits, ...options.rateLimits };
  await registerRateLimit(app, rateLimits);
  // The address of a request Fastify does not route (a /live handshake), as Fastify would tell it.
  const trusted = proxyAddr.compile(options.trustProxy ?? []);
  const addressOf = (request: IncomingMessage) => proxyAddr(request, trusted);

  await app.register(clusterPlugin, {
    store: options.store,
    ...(options.catalog ? { catalog: options.catalog } : {}),
    moduleDir: join(options.dataDir, 'server', 'types'),
  });
  await app.register(authPlugin, { store: options.store, publicPrefixes: [apiDocsPrefix] });
  await app.register(auditPlugin, {
    store: options.store,
    ...(options.refusalWindowMs !== undefined ? { refusalWindowMs: options.refusalWindowMs } : {}),
  });

  await registerApiDocs(app);
  await app.register(apiRoutes, {
    prefix: apiPrefix,
    secureCookies: tls,
    sessionTtlMs: options.sessionTtlMs ?? defaultSessionTtlMs,
    loginAttemptsPerMinute: options.loginAttemptsPerMinute ?? 10,
  });

  await app.register(livePlugin, {
    store: options.store,
    catalog: app.cluster.catalog,
    feed: app.cluster.follower,
    authenticate: (headers) => app.authenticator.authenticatePrincipal(headers),
    typeViewOptions,
    ...(options.liveBatchWindowMs !== undefined ? { batchWindowMs: options.liveBatchWindowMs } : {}),
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
    admitHandshake: liveHandshakeAdmission(app, rateLimits.liveHandshakesPerMinute, addressOf),
  });

  await app.register(consolePlugin, {
    consoleDir:
      options.consoleDir ??
      join(dirname(createRequire(import.meta.url).resolve('@wolfpack/console/package.json')), 'dist'),
  });
  return app;
}
