import type { IncomingMessage } from 'node:http';
import rateLimit from '@fastify/rate-limit';
import { apiPrefix, endpoints, type Endpoint } from '@wolfpack/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AdmitHandshake } from '../../live/index.ts';
import { clientKey } from './client-address.ts';

/*
 * Rate limiting on every route, per client address and minute: anonymous senders get a
 * smaller budget than signed-in ones (a user or a resource's token), counted apart so a
 * flood of anonymous requests from an address does not lock out its users. A route may
 * set its own (`config.rateLimit`: sign-in does, stricter still). The limiter runs after
 * the auth plugin has told who is asking (its onRequest hook is instance-level, the
 * limiter's route-level) and before anyone is refused or a body is read. Counters are in
 * this server's memory: each server limits on its own.
 * The console's own files (any GET or HEAD outside /api/: its HTML, scripts, styles) are
 * not counted: a page load fetches a dozen of them anonymously, and serving a file reads
 * it and writes nothing. The API, its docs and /live are counted.
 */

export interface RateLimits {
  /** Requests per address per minute from signed-in users and resources. */
  perMinute: number;
  /** Requests per address per minute from anonymous senders. */
  anonymousPerMinute: number;
  /** /live handshakes per address per minute, signed in or not. */
  liveHandshakesPerMinute: number;
  /** Requests per address per minute to each costly route (costlyRoutes), besides the budgets above. */
  costlyPerMinute: number;
}

export const defaultRateLimits: RateLimits = {
  perMinute: 6000,
  anonymousPerMinute: 600,
  liveHandshakesPerMinute: 120,
  costlyPerMinute: 120,
};

/**
 * The routes one request of which costs far more than most (issue 12, item 7): each has a
 * budget of its own per client (`costlyPerMinute`), counted besides the general one, so
 * the 6000 a minute cannot all go to them. `counts` narrows a route to its costly requests.
 */
export const costlyRoutes: readonly {
  endpoint: Endpoint;
  what: string;
  counts?: (request: FastifyRequest) => boolean;
}[] = [
  // Runs the type's code on the node that holds the resource, through the store.
  { endpoint: endpoints.resources.control, what: 'control code calls' },
  // Plans a placement over the whole cluster (a dry run answers only the plan).
  { endpoint: endpoints.groups.move, what: 'moves and move plans' },
  // A filter reads the log until it has found enough (up to the whole 10 000 events).
  {
    endpoint: endpoints.events.list,
    what: 'filtered event reads',
    counts: (request) => {
      const query = request.query as { objectKind?: unknown; objectName?: unknown } | undefined;
      return query?.objectKind !== undefined || query?.objectName !== undefined;
    },
  },
];

const anonymousKey = 'anonymous ';

/**
 * A request for one of the console's files (consolePlugin): GET or HEAD of a route that
 * declares no access (every API route does, the docs included), outside /api/ as well.
 * Judged by the route matched, not the text of the URL, which an encoding could disguise.
 */
export function isConsoleFile(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if ((request.routeOptions.config as { access?: unknown } | undefined)?.access !== undefined) return false;
  const path = request.url.split('?')[0]!;
  return path !== '/api' && !path.startsWith('/api/');
}

const signedIn = (request: FastifyRequest): boolean =>
  request.user !== undefined || request.resourcePrincipal !== undefined;

/** Registers @fastify/rate-limit for every route. */
export async function registerRateLimit(app: FastifyInstance, limits: RateLimits = defaultRateLimits): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    timeWindow: 60_000,
    allowList: (request) => isConsoleFile(request),
    // An IPv6 client is its /64 (client-address.ts); a route's own limit (sign-in's) keeps this key.
    keyGenerator: (request) => `${signedIn(request) ? '' : anonymousKey}${clientKey(request.ip)}`,
    max: (_request, key) => (key.startsWith(anonymousKey) ? limits.anonymousPerMinute : limits.perMinute),
    errorResponseBuilder: (request, context) =>
      Object.assign(
        new Error(
          `too many attempts from ${clientKey(request.ip)}: at most ${context.max} per ${context.after === '' ? 'window' : 'minute'}, try again in ${context.after}`,
        ),
        {
          statusCode: context.statusCode,
        },
      ),
  });
  // A costly route counts in a limiter of its own too, after the general one (which marks
  // a request limited once, so app.rateLimit would not run twice: createRateLimit does).
  app.addHook('onRoute', (route) => {
    const costly = costlyRoutes.find(
      ({ endpoint }) => route.method === endpoint.method && route.url === `${apiPrefix}${endpoint.path}`,
    );
    if (costly === undefined) return;
    const limit = app.createRateLimit({
      max: limits.costlyPerMinute,
      timeWindow: 60_000,
      allowList: (request) => (costly.counts ? !costly.counts(request) : false),
    });
    const costlyLimit = async (request: FastifyRequest) => {
      const counted = await limit(request);
      if (counted.isAllowed || !counted.isExceeded) return;
      throw Object.assign(
        new Error(
          `too many ${costly.what} from ${clientKey(request.ip)}: at most ${limits.costlyPerMinute} a minute (a costly route has a budget of its own), try again in ${counted.ttlInSeconds} s`,
        ),
        { statusCode: 429, headers: { 'retry-after': String(counted.ttlInSeconds) } },
      );
    };
    route.onRequest = [
      ...(route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest]),
      costlyLimit,
    ];
  });
}

/**
 * /live handshakes counted per address by the same limiter (its store, its window): they
 * never reach a Fastify route (socket.io answers them), so the request the limiter reads
 * is made here, with the address as Fastify would tell it (`addressOf`: the peer, or
 * X-Forwarded-For from a trusted proxy), counted by its clientKey. A refusal says when to come back.
 */
export function liveHandshakeAdmission(
  app: FastifyInstance,
  perMinute: number,
  addressOf: (request: IncomingMessage) => string,
): AdmitHandshake {
  const limit = app.createRateLimit({
    max: perMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => `live ${request.ip}`,
    allowList: () => false,
  });
  return async (request) => {
    const ip = clientKey(addressOf(request));
    const counted = await limit({ ip, routeOptions: { config: {} } } as unknown as FastifyRequest);
    if (counted.isAllowed || !counted.isExceeded) return undefined;
    return {
      error: 'rate-limited',
      message: `too many live connections from ${ip}: at most ${perMinute} a minute, try again in ${counted.ttlInSeconds} s`,
      retryAfterMs: counted.ttl,
    };
  };
}
