import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';

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
}

export const defaultRateLimits: RateLimits = { perMinute: 6000, anonymousPerMinute: 600 };

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

const signedIn = (request: FastifyRequest): boolean => request.user !== undefined || request.resourcePrincipal !== undefined;

/** Registers @fastify/rate-limit for every route. */
export async function registerRateLimit(app: FastifyInstance, limits: RateLimits = defaultRateLimits): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    timeWindow: 60_000,
    allowList: (request) => isConsoleFile(request),
    keyGenerator: (request) => `${signedIn(request) ? '' : anonymousKey}${request.ip}`,
    max: (_request, key) => (key.startsWith(anonymousKey) ? limits.anonymousPerMinute : limits.perMinute),
    errorResponseBuilder: (request, context) =>
      Object.assign(new Error(`too many attempts from ${request.ip}: at most ${context.max} per ${context.after === '' ? 'window' : 'minute'}, try again in ${context.after}`), {
        statusCode: context.statusCode,
      }),
  });
}
