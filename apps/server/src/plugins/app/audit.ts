import type { ClusterEvent, ModuleHashes, ObjectRef } from '@wolfpack/contracts';
import { appendEvent, type ClusterStore } from '@wolfpack/engine';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { actionOf, isMutating } from './auth.ts';
import './route-config.ts';

/*
 * Every change asked of the server is written to the cluster event log — who, what,
 * when, and whether it was done — before the answer goes out. The engine's commands log
 * themselves (applied or refused) once they reach it; this logs the rest: refusals
 * before the engine (401, 403, a malformed body) and the server's own changes (users,
 * tokens, sessions, resource types).
 */

/** What a route tells the audit log about the request it handled. */
export interface AuditNote {
  /** The engine logged this request itself (executeCommand ran). */
  byEngine?: boolean;
  /** Nothing changed and nothing was refused worth logging (a dry run, a read-only control code). */
  skip?: boolean;
  /** Who acted, when not the signed-in user (a login names the user signing in). */
  actor?: string;
  object?: ObjectRef;
  /** The sentence for an applied change. */
  message?: string;
  /** A resource type registration: its modules' hashes, carried by the event. */
  sha256?: ModuleHashes;
}

declare module 'fastify' {
  interface FastifyRequest {
    audit: AuditNote | undefined;
  }
}

/** Adds to the request's audit note. */
export function noteAudit(request: FastifyRequest, note: AuditNote): void {
  request.audit = { ...request.audit, ...note };
}

/** Who a request's event names: the signed-in user, else who it claimed to be, else its address. */
function actorOf(request: FastifyRequest): string {
  return request.user?.username ?? request.audit?.actor ?? `anonymous@${request.ip}`;
}

/** The event for a finished request. */
export function auditEventOf(request: FastifyRequest, statusCode: number, now = Date.now()): ClusterEvent {
  const config = request.routeOptions.config;
  const params = (request.params ?? {}) as { name?: string; username?: string; id?: string };
  // A create names its object in the body (parsed unless refused before parsing).
  const bodyName = (request.body as { name?: unknown } | undefined)?.name;
  const name = params.name ?? params.username ?? params.id ?? (typeof bodyName === 'string' ? bodyName : '');
  const object = request.audit?.object ?? { kind: config.object ?? 'cluster', name };
  const action = actionOf(request);
  const ok = statusCode < 400;
  return {
    time: now,
    kind: 'command',
    object,
    actor: actorOf(request),
    command: config.command ?? `${request.method} ${request.routeOptions.url}`,
    result: ok ? 'ok' : 'refused',
    message: ok ? (request.audit?.message ?? action) : `refused ${action}: ${request.refusal ?? `status ${statusCode}`}`,
    ...(ok ? {} : { reason: request.refusal ?? `status ${statusCode}` }),
    ...(ok && request.audit?.sha256 ? { sha256: request.audit.sha256 } : {}),
  };
}

/** Logs mutating API requests the engine did not log, before replying. */
export const auditPlugin = fp(
  async (app: FastifyInstance, options: { store: ClusterStore }) => {
    app.decorateRequest('audit', undefined);
    app.addHook('onSend', async (request, reply, payload) => {
      const url = request.routeOptions.url;
      if (!isMutating(request.method) || url === undefined || !url.startsWith('/api/')) return payload;
      if (request.audit?.byEngine || request.audit?.skip) return payload;
      try {
        await appendEvent(options.store, auditEventOf(request, reply.statusCode));
      } catch (error) {
        request.log.error({ err: error }, 'could not write the audit event');
      }
      return payload;
    });
  },
  { name: 'wolfpack-audit', fastify: '5.x', dependencies: ['wolfpack-auth'] },
);
