import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';

/*
 * Rate limiting, off by default: a route opts in with `config.rateLimit` (login does, per
 * client address). Counters are in this server's memory: each server limits on its own.
 */

/** Registers @fastify/rate-limit for routes that ask for it. */
export async function registerRateLimit(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (request, context) =>
      Object.assign(new Error(`too many attempts from ${request.ip}: at most ${context.max} per ${context.after === '' ? 'window' : 'minute'}, try again in ${context.after}`), {
        statusCode: context.statusCode,
      }),
  });
}
