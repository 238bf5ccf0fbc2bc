import { CommandError, errorCodeOfStatus, statusOfErrorCode, type ErrorBody } from '@wolfpack/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { fieldErrorsOfFailures } from '@wolfpack/contracts/schema-messages';

/*
 * One error shape everywhere: ErrorBody {error, message, fields?}. Engine refusals keep
 * their code (validation 400, not-found 404, conflict 409); request validation names
 * every bad field; anything unexpected is a 500 whose details stay in the server log —
 * never a stack trace to the client.
 */

const partNames: Record<string, string> = { body: '', params: '', querystring: '', headers: 'header' };

export interface ErrorReply {
  status: number;
  body: ErrorBody;
}

/** What a thrown error becomes on the wire. */
export function errorReplyOf(error: unknown, requestId: string, bodyLimit?: number): ErrorReply {
  if (error instanceof CommandError) return { status: statusOfErrorCode[error.code], body: error.toBody() };
  const fastifyError = error as Partial<FastifyError> & { validationContext?: string };
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE' && bodyLimit !== undefined) {
    return {
      status: 413,
      body: {
        error: 'validation',
        message: `request body too large: this route takes at most ${bodyLimit} bytes; nothing was changed`,
      },
    };
  }
  if (fastifyError.validation) {
    const where =
      fastifyError.validationContext === 'querystring' ? 'query string' : (fastifyError.validationContext ?? 'request');
    const pathPrefix = partNames[fastifyError.validationContext ?? ''] ?? '';
    const fields = fieldErrorsOfFailures(fastifyError.validation, { pathPrefix, wholeValue: `the ${where}` });
    return {
      status: 400,
      body: {
        error: 'validation',
        message: `invalid ${where}: ${fields.map((field) => field.message).join('; ')}`,
        fields,
      },
    };
  }
  const status = typeof fastifyError.statusCode === 'number' ? fastifyError.statusCode : 500;
  if (status >= 400 && status < 500) {
    return {
      status,
      body: { error: errorCodeOfStatus(status), message: String(fastifyError.message ?? 'bad request') },
    };
  }
  return {
    status: 500,
    body: { error: 'internal', message: `internal error: the server log has the details (request ${requestId})` },
  };
}

/** The 404 answer for a path no route serves. */
export function notFoundBody(request: FastifyRequest): ErrorBody {
  return { error: 'not-found', message: `no route ${request.method} ${request.url.split('?')[0]}` };
}

/** Replies 404 ErrorBody (the not-found handler of API paths). */
export function replyNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.code(404).send(notFoundBody(request));
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The error message of a refused request, for the audit log. */
    refusal?: string;
  }
}

/** The error handler: every error a route or hook throws becomes an ErrorBody. */
export const errorsPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error, request, reply) => {
      const { status, body } = errorReplyOf(error, request.id, request.routeOptions.bodyLimit);
      if (status >= 500) request.log.error({ err: error }, 'request failed');
      request.refusal = body.message;
      if (status === 429 && (error as { headers?: Record<string, string> }).headers)
        reply.headers((error as { headers: Record<string, string> }).headers);
      return reply.code(status).send(body);
    });
  },
  { name: 'wolfpack-errors', fastify: '5.x' },
);
