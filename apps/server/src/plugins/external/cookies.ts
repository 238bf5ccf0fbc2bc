import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';

/** Registers @fastify/cookie (reply.setCookie / request.cookies): the session cookie. */
export async function registerCookies(app: FastifyInstance): Promise<void> {
  await app.register(cookie);
}
