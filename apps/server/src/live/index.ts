/*
 * Live state: socket.io namespace `/live` (default socket.io path `/socket.io/`).
 *
 * Protocol (types in @wolfpack/contracts api/live.ts):
 * - Connect with the session cookie (browsers) or an API token: `Authorization: Bearer
 *   <token>` header, or `auth: { token }` in the handshake. Otherwise `connect_error`
 *   with message and `data` = {error: 'unauthorized', message}.
 * - The server then sends `snapshot` {revision, cluster} (cluster as GET /api/v1/cluster)
 *   and after it `changes` {revision, changes: [{kind, name, value}]}: node, group,
 *   resource and resourceType changes carry the object's whole new view (null: deleted);
 *   `event` changes carry a new event-log record (named by its log key; trimming the log
 *   is not sent). At most one batch per `batchWindowMs`: a change after a quiet spell goes
 *   out at once, later ones wait at most that long, so a burst is a few batches. An object
 *   changed twice in a batch appears once, with its newest view. Every batch's revision is
 *   greater than the previous message's.
 * - The client applies every message in order: a snapshot replaces its state, a batch
 *   sets each view; its revision is that of the last message applied.
 * - Reconnecting, the client names the revision it has in the handshake:
 *   `auth: { resume: { revision } }` (with socket.io-client, pass `auth` as a function so
 *   each reconnect sends the current revision). Instead of the snapshot it then gets one
 *   `changes` with exactly the changes after that revision (empty if the writes since
 *   changed no view; no message at all if the revision is the server's current one), or
 *   a snapshot when they are no longer held (history: the last 10 000 batches, 100 000
 *   changes, 5 minutes) or the revision is ahead of this server. Any revision works, also
 *   one another server announced: each change keeps the revision that made it.
 * - A `resume` {revision} event may also be sent at any time (ack: {revision} the client
 *   will be at). The server then sends only what the messages already sent on this
 *   connection do not cover: right after a plain connect, the snapshot already on its way
 *   does (nothing more comes, and nothing twice); a revision from before what this
 *   connection covers, or ahead of the server, gets a snapshot (when the connection's
 *   last is older than `snapshotIntervalMs`, else once it is: the ack then names the
 *   revision before it).
 * - The cluster's own name (snapshot `name`) is not followed by changes: it never changes.
 * - A resource's own token (`wpr_…`, its WOLFPACK_TOKEN) gets the same protocol over its
 *   own resource only: the snapshot holds that resource alone (no nodes, groups or types),
 *   batches hold its changes and its event-log records, and a batch with none is not sent.
 *   When the resource goes offline its credential is deleted and the server disconnects
 *   the socket; the next handshake is refused (resource-scope.ts).
 * - A connection lives no longer than what let it in (guards.ts, revocation.ts): within a
 *   second of a logout, a session's or token's expiry, a password change (it ends the
 *   user's sessions and tokens), a token's revocation, the user's deletion or role change,
 *   the server sends `revoked` {reason, message, reconnect} and disconnects. `reconnect`
 *   is true for a role change only: a new handshake is let in with the new role.
 * - Limits: handshakes are counted per address (`admitHandshake`: the server's rate limit;
 *   a refused one gets `connect_error` {error: 'rate-limited', message, retryAfterMs});
 *   at most one snapshot per connection per `snapshotIntervalMs` (a resume that
 *   needs another sooner gets one when the time is up, and no batches meanwhile), and the
 *   same pace per user (or resource) across its connections after a burst of
 *   `principalSnapshotBurst`, so reconnecting does not buy a snapshot each time; a
 *   connection with more than `maxBufferedBytes` queued (a client not reading) is dropped;
 *   a handshake whose Origin is neither this server's (its Host) nor an allowed origin is
 *   refused with HTTP 403 (origin.ts).
 */
import { liveEvents, type LiveClientEvents, type LiveResumeAck, type LiveServerEvents } from '@wolfpack/contracts';
import type { ResourceTypeCatalog, TypeViewOptions } from '@wolfpack/engine';
import type { ClusterStore } from '@wolfpack/store';
import type { FastifyInstance } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { Server } from 'socket.io';
import { handshakeAdmission, principalKey, type AdmitHandshake } from './admission.ts';
import { bufferedBytes, defaultMaxBufferedBytes, dropConnection } from './backpressure.ts';
import type { ChangeFeed } from './change-feed.ts';
import { guardedPrefixes, guardsOf } from './guards.ts';
import { LiveHub, type LiveSubscriber } from './hub.ts';
import { originCheck } from './origin.ts';
import { Revocations } from './revocation.ts';
import { scopedChanges, scopedSnapshot } from './resource-scope.ts';
import {
  handshakeResume,
  resumeRevision,
  scopeOf,
  socketAuthentication,
  type Authenticate,
  type LivePrincipal,
} from './socket-auth.ts';

export { originAllowed } from './origin.ts';
export type { AdmitHandshake } from './admission.ts';
export { LiveHub, type LiveHubOptions, type LiveSubscriber, type LiveSubscription } from './hub.ts';
export { ChangeFeed, type ChangeFeedOptions, type ChangesListener } from './change-feed.ts';
export {
  unauthorized,
  type Authenticate,
  type LivePrincipal,
  type LiveResource,
  type LiveUser,
} from './socket-auth.ts';

export interface LivePluginOptions {
  store: ClusterStore;
  catalog: ResourceTypeCatalog;
  /**
   * The server's follower of the store (app.cluster.follower), so the store is followed
   * once; default: a feed of the hub's own, over store and catalog.
   */
  feed?: ChangeFeed;
  /** The REST API's authentication: who sent these headers (session cookie, or a user's or resource's Bearer token), or undefined. */
  authenticate: Authenticate;
  /** At most one batch per this many ms (a burst waits this long at most). Default 10; keep it ≤ 20. */
  batchWindowMs?: number;
  /** Panel URLs of resource types, if GET /cluster uses other than the engine's default. */
  typeViewOptions?: TypeViewOptions;
  /** Origins (scheme://host[:port]) besides the server's own whose pages may connect. */
  allowedOrigins?: readonly string[];
  /** At most one snapshot per connection per this many ms. Default 3000. */
  snapshotIntervalMs?: number;
  /** A user's (or resource's) connections get their snapshots at that pace too, after a burst of this many. Default 10. */
  principalSnapshotBurst?: number;
  /** Counts a handshake before anything else (the server's per-address rate limit); default: none. */
  admitHandshake?: AdmitHandshake;
  /** A connection with more than this queued is dropped. Default 16 MiB. */
  maxBufferedBytes?: number;
}

export const liveNamespace = '/live';

/** The socket.io server, its events typed by the contracts' protocol. */
export type LiveServer = Server<LiveClientEvents, LiveServerEvents>;

declare module 'fastify' {
  interface FastifyInstance {
    /** The live-state hub and its socket.io server. */
    live: { hub: LiveHub; io: LiveServer };
  }
}

async function live(fastify: FastifyInstance, options: LivePluginOptions): Promise<void> {
  const pacing = {
    ...(options.batchWindowMs !== undefined ? { batchWindowMs: options.batchWindowMs } : {}),
    ...(options.snapshotIntervalMs !== undefined ? { snapshotIntervalMs: options.snapshotIntervalMs } : {}),
    ...(options.principalSnapshotBurst !== undefined ? { principalSnapshotBurst: options.principalSnapshotBurst } : {}),
  };
  const hub = await LiveHub.start(
    options.feed
      ? { feed: options.feed, ...pacing }
      : {
          store: options.store,
          catalog: options.catalog,
          ...(options.typeViewOptions ? { typeViewOptions: options.typeViewOptions } : {}),
          ...pacing,
          onError: (error) => fastify.log.warn({ err: error }, 'live state: store watch failed; reloading'),
        },
  );
  const maxBufferedBytes = options.maxBufferedBytes ?? defaultMaxBufferedBytes;
  // Clients only ever send `resume`: a small message limit keeps a stranger from making us buffer much.
  const io: LiveServer = new Server(fastify.server, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    allowRequest: originCheck(options.allowedOrigins ?? []),
  });
  io.use((_socket, next) => next(new Error(`namespace / has nothing to offer: connect to ${liveNamespace}`)));
  const namespace = io.of(liveNamespace);
  if (options.admitHandshake) namespace.use(handshakeAdmission(options.admitHandshake));
  namespace.use(socketAuthentication(options.authenticate));
  const revocations = await Revocations.start(options.store, {
    prefixes: guardedPrefixes,
    onError: (error) => fastify.log.warn({ err: error }, 'live state: credential watch failed; following again'),
  });
  namespace.on('connection', (socket) => {
    const principal = (socket.data as { user: LivePrincipal }).user;
    // A resource's own token sees its own resource only, and only while its credential exists.
    const scope = scopeOf(principal);
    // A client that does not read is dropped before its queue grows past the bound.
    const send = (emit: () => void) => {
      if (!socket.connected) return;
      if (bufferedBytes(socket) > maxBufferedBytes) return dropConnection(socket);
      emit();
    };
    const subscriber: LiveSubscriber = scope
      ? {
          snapshot: (message) => send(() => socket.emit(liveEvents.snapshot, scopedSnapshot(message, scope.resource))),
          changes: (message) => {
            const own = scopedChanges(message, scope.resource);
            if (own) send(() => socket.emit(liveEvents.changes, own));
          },
        }
      : {
          snapshot: (message) => send(() => socket.emit(liveEvents.snapshot, message)),
          changes: (message) => send(() => socket.emit(liveEvents.changes, message)),
        };
    const subscription = hub.subscribe(subscriber, handshakeResume(socket), principalKey(principal));
    const unregister = revocations.add(guardsOf(principal), (revoked) => {
      subscription.close();
      socket.emit(liveEvents.revoked, revoked);
      socket.disconnect(true);
    });
    // The types say what a client should send; what it does send is checked all the same.
    socket.on(liveEvents.resume, (payload: unknown, ack?: unknown) => {
      const revision = resumeRevision(payload);
      if (revision !== undefined) subscription.resume(revision);
      const answer: LiveResumeAck =
        revision === undefined
          ? { error: 'invalid', message: 'resume needs {revision: a whole number ≥ 0}' }
          : { revision: subscription.revision };
      if (typeof ack === 'function') ack(answer);
    });
    socket.on('disconnect', () => {
      subscription.close();
      unregister();
    });
  });
  fastify.decorate('live', { hub, io });

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await revocations.stop();
    await hub.stop();
    namespace.disconnectSockets(true);
    io.disconnectSockets(true);
    // Not io.close(): it would close Fastify's HTTP server under it.
    io.engine.close();
  };
  // Before the HTTP server closes, or it would wait on the open connections.
  fastify.addHook('preClose', close);
  fastify.addHook('onClose', close);
}

/** socket.io namespace /live on the Fastify server: a snapshot, then ordered batches of view changes (protocol above). */
export const livePlugin = fastifyPlugin(live, { name: 'wolfpack-live', fastify: '5.x' });
