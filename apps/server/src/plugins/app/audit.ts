import type { ClusterEvent, ModuleHashes, ObjectRef } from '@wolfpack/contracts';
import { appendEvent, eventPutOp } from '@wolfpack/engine';
import type { ClusterStore } from '@wolfpack/store';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { clientKey } from '../external/client-address.ts';
import { actionOf, isMutating } from './auth.ts';
import { RefusalTally, type Refusal } from './refusal-tally.ts';
import './route-config.ts';

/*
 * Every change a signed-in user (or a resource's token) asks of the server is written to
 * the cluster event log — who, what, when, and whether it was done — before the answer
 * goes out. The engine's commands log themselves (applied or refused) once they reach it;
 * this logs the rest: refusals before the engine (403, a malformed body) and the server's
 * own changes (users, tokens, sessions, resource types).
 * Anonymous requests never write to the store: their refusals are not logged, except
 * failed sign-ins, which are counted per address and written once a window (a minute)
 * as one event each (refusal-tally.ts), as is every rate-limit refusal (429), whatever
 * its route or method and whoever sent it. Signed-in users' refusals are audited too, not one write each: the first
 * of a window is written at once, the rest of the window as one counted event per user and
 * address. Closing the app (main.ts does on SIGTERM and SIGINT) writes what was
 * counted so far; a crash loses at most one window's counts.
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
    message: ok
      ? (request.audit?.message ?? action)
      : `refused ${action}: ${request.refusal ?? `status ${statusCode}`}`,
    ...(ok ? {} : { reason: request.refusal ?? `status ${statusCode}` }),
    ...(ok && request.audit?.sha256 ? { sha256: request.audit.sha256 } : {}),
  };
}

/** The audit plugin's options. */
export interface AuditOptions {
  store: ClusterStore;
  /** How long failed sign-ins and rate-limit refusals are counted before their events are written. Default a minute. */
  refusalWindowMs?: number;
}

/** Ops per txn: etcd refuses transactions of more than 128 operations by default. */
const putBatch = 100;

/**
 * What the log makes of a finished request: an event now, a count for later, or nothing
 * (a read, an anonymous refusal that is no sign-in). Every 429 is counted, reads too.
 */
export function auditDecision(request: FastifyRequest, statusCode: number): 'write' | Refusal | undefined {
  const signedIn =
    request.user?.username ??
    (request.resourcePrincipal ? `resource ${request.resourcePrincipal.resource}` : undefined);
  // Counted per client as the limiters count (an IPv6 /64 is one), so a /64 fills one slot.
  const address = clientKey(request.ip);
  if (statusCode === 429)
    return { kind: 'rate-limited', address, ...(signedIn !== undefined ? { actor: signedIn } : {}) };
  const url = request.routeOptions.url;
  if (!isMutating(request.method) || url === undefined || !url.startsWith('/api/')) return undefined;
  if (request.audit?.byEngine || request.audit?.skip) return undefined;
  if (signedIn !== undefined) {
    if (statusCode < 400) return 'write';
    const event = auditEventOf(request, statusCode);
    return {
      kind: 'refused',
      address,
      actor: signedIn,
      command: event.command ?? 'unknown',
      reason: event.reason ?? `status ${statusCode}`,
    };
  }
  if (request.routeOptions.config.command !== 'login') return undefined;
  // A sign-in that worked names its user; one that failed is anonymous, its claimed name a detail.
  if (statusCode < 400) return 'write';
  const claimed = (request.body as { username?: unknown } | undefined)?.username;
  return { kind: 'failed-sign-in', address, ...(typeof claimed === 'string' ? { claimedName: claimed } : {}) };
}

/** Logs mutating API requests the engine did not log, before replying. */
export const auditPlugin = fp(
  async (app: FastifyInstance, options: AuditOptions) => {
    const { store } = options;
    const tally = new RefusalTally();
    const flush = async () => {
      const events = tally.drain();
      for (let start = 0; start < events.length; start += putBatch) {
        await store.txn({ compare: [], success: events.slice(start, start + putBatch).map(eventPutOp) });
      }
    };
    const flushLogged = () =>
      flush().catch((error: unknown) => app.log.error({ err: error }, 'could not write the counted refusals'));
    const timer = setInterval(() => void flushLogged(), options.refusalWindowMs ?? 60_000);
    timer.unref();
    app.addHook('onClose', async () => {
      clearInterval(timer);
      await flushLogged();
    });

    app.decorateRequest('audit', undefined);
    app.addHook('onSend', async (request, reply, payload) => {
      const decision = auditDecision(request, reply.statusCode);
      if (decision === undefined) return payload;
      // A signed-in user's first refusal of the window is written now (note says so), the rest counted.
      if (decision !== 'write' && !tally.note(decision, Date.now())) return payload;
      try {
        await appendEvent(store, auditEventOf(request, reply.statusCode));
      } catch (error) {
        request.log.error({ err: error }, 'could not write the audit event');
      }
      return payload;
    });
  },
  { name: 'wolfpack-audit', fastify: '5.x', dependencies: ['wolfpack-auth'] },
);
