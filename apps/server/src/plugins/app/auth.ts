import type { IncomingHttpHeaders } from 'node:http';
import { fastifyCookie } from '@fastify/cookie';
import {
  CommandError,
  resourceScopeRefusal,
  resourceTokenPrefix,
  roleAllows,
  type Access,
  type Role,
  type SessionRecord,
} from '@wolfpack/contracts';
import type { ClusterStore } from '@wolfpack/store';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { findResourceCredential, findSession, findToken, readUser, sameSecret } from '../../users/index.ts';
import './route-config.ts';

/*
 * Who is asking, and may they. A request carries a session cookie (the console) or an
 * `Authorization: Bearer wpk_…` token (scripts, the CLI); either way the user's role is
 * read from the store on each request, so a role change or a deleted user counts at once.
 * Every route declares its access; a route under /api/ without one fails at start-up.
 * Role rank (viewer < operator < admin) is the contracts' roleAllows, shared with the console.
 * Cookie-authenticated changes must also send the session's CSRF token.
 * A resource's own token (`wpr_…`, given to its processes as WOLFPACK_TOKEN) is no user:
 * it may only read its own resource (the contracts' resourceScopeRefusal), and is checked
 * before anything else.
 */

export interface AuthenticatedUser {
  username: string;
  role: Role;
  via: 'session' | 'token';
  /** The session, when signed in by cookie. */
  session?: SessionRecord;
  /** The token id, when signed in by bearer token. */
  tokenId?: string;
  /**
   * The user record's modRevision when this request was authenticated: what it writes on
   * the user's behalf (a token) compares it, so a password change meanwhile refuses it.
   */
  userRevision: number;
}

/** A resource acting through its own token: it has no role, only its scope. */
export interface ResourcePrincipal {
  via: 'resource';
  resource: string;
  /** The node that brought it online, and the placement epoch it did so under. */
  node: string;
  epoch: number;
  /** The credential's store key: deleted when the resource goes offline. */
  credentialKey: string;
}

/** Whoever sent a request: a user, or a resource. */
export type Principal = AuthenticatedUser | ResourcePrincipal;

/** Authenticates raw request headers: what the live socket.io plugin uses on connect. */
export interface Authenticator {
  /** A user or a resource, or undefined. */
  authenticatePrincipal(headers: IncomingHttpHeaders): Promise<Principal | undefined>;
  /** A user only (a resource's token is none). */
  authenticateHeaders(headers: IncomingHttpHeaders): Promise<AuthenticatedUser | undefined>;
}

export const sessionCookieName = 'wolfpack_session';
export const csrfHeaderName = 'x-csrf-token';

/** Sessions and tokens from the store, checked against the user's current record. */
export function createAuthenticator(store: ClusterStore): Authenticator {
  const authenticator: Authenticator = {
    async authenticateHeaders(headers) {
      const principal = await authenticator.authenticatePrincipal(headers);
      return principal?.via === 'resource' ? undefined : principal;
    },
    async authenticatePrincipal(headers) {
      const authorization = headers.authorization;
      if (authorization !== undefined) {
        const match = /^Bearer\s+(\S+)$/i.exec(authorization);
        if (match?.[1]?.startsWith(resourceTokenPrefix)) {
          const credential = await findResourceCredential(store, match[1]);
          if (!credential) return undefined;
          const { resource, node, epoch } = credential.record;
          return { via: 'resource', resource, node, epoch, credentialKey: credential.key };
        }
        const token = match ? await findToken(store, match[1]!) : undefined;
        if (!token) return undefined;
        const user = await readUser(store, token.username);
        return user
          ? {
              username: user.record.username,
              role: user.record.role,
              via: 'token',
              tokenId: token.id,
              userRevision: user.modRevision,
            }
          : undefined;
      }
      const cookieHeader = headers.cookie;
      if (!cookieHeader) return undefined;
      const id = fastifyCookie.parse(cookieHeader)[sessionCookieName];
      const session = id ? await findSession(store, id) : undefined;
      if (!session) return undefined;
      const user = await readUser(store, session.username);
      return user
        ? {
            username: user.record.username,
            role: user.record.role,
            via: 'session',
            session,
            userRevision: user.modRevision,
          }
        : undefined;
    },
  };
  return authenticator;
}

const mutating = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** True for methods that change something (audited, CSRF-checked). */
export const isMutating = (method: string): boolean => mutating.has(method);

/** What a request is trying to do, for refusal messages: the route's command or its method and path. */
export function actionOf(request: FastifyRequest): string {
  const config = request.routeOptions.config;
  const params = request.params as { name?: string } | undefined;
  const body = request.body as { name?: unknown } | undefined;
  const name = params?.name ?? (typeof body?.name === 'string' ? body.name : undefined);
  return config.command
    ? `${config.command}${name ? ` ${name}` : ''}`
    : `${request.method} ${request.routeOptions.url ?? request.url}`;
}

/** Refuses (403) unless the signed-in user has at least `role`; 401 when nobody is signed in. */
export function requireRole(request: FastifyRequest, role: Role, action = actionOf(request)): AuthenticatedUser {
  const user = request.user;
  if (!user)
    throw new CommandError('unauthorized', `sign in first: ${action} needs a session cookie or a bearer token`);
  if (!roleAllows(user.role, role)) {
    throw new CommandError(
      'forbidden',
      `user ${user.username} (role ${user.role}) may not ${action}: it needs role ${role}`,
    );
  }
  return user;
}

/** Refuses (403, naming the rule) whatever a resource's token may not do: all but reading its own resource. */
export function requireResourceScope(request: FastifyRequest, principal: ResourcePrincipal): void {
  const params = request.params as { name?: unknown } | undefined;
  const refusal = resourceScopeRefusal(principal.resource, {
    method: request.method,
    route: request.routeOptions.url ?? request.url,
    ...(typeof params?.name === 'string' ? { name: params.name } : {}),
  });
  if (refusal !== undefined) throw new CommandError('forbidden', refusal);
}

/**
 * Refuses (403, naming the rule) a request signed in with an API token that would create a
 * credential: a token, a user (who has a password), or another user's password. A leaked
 * token must not outlive its revocation or expiry through credentials it made, nor turn
 * into a password. Changing one's own password stays open to a token: that request carries
 * the current password, which is signing in with it.
 */
export function requirePasswordSignIn(user: AuthenticatedUser, what: string): void {
  if (user.via !== 'token') return;
  throw new CommandError(
    'forbidden',
    `an API token may not ${what}: credentials are created signed in with a password; sign in as ${user.username} with the password for that (wolfpack login)`,
  );
}

/** The signed-in user of a route that required one. */
export function userOf(request: FastifyRequest): AuthenticatedUser {
  if (!request.user) throw new CommandError('unauthorized', 'sign in first');
  return request.user;
}

/** Refuses (401/403) a user without the route's role, a cookie change without CSRF token, a resource outside its scope. */
function authorize(request: FastifyRequest, access: Role): void {
  if (request.resourcePrincipal) return requireResourceScope(request, request.resourcePrincipal);
  const user = requireRole(request, access);
  if (user.via === 'session' && isMutating(request.method)) {
    const sent = request.headers[csrfHeaderName];
    if (typeof sent !== 'string' || !sameSecret(sent, user.session!.csrfToken)) {
      throw new CommandError(
        'forbidden',
        `a change signed in by cookie must send the session's csrfToken in the ${csrfHeaderName} header`,
      );
    }
  }
}

const bodyComing = (headers: IncomingHttpHeaders): boolean =>
  headers['transfer-encoding'] !== undefined ||
  (headers['content-length'] !== undefined && headers['content-length'] !== '0');

declare module 'fastify' {
  interface FastifyRequest {
    user: AuthenticatedUser | undefined;
    /** The resource whose own token sent the request (then `user` is undefined). */
    resourcePrincipal: ResourcePrincipal | undefined;
  }
  interface FastifyInstance {
    authenticator: Authenticator;
  }
}

export interface AuthPluginOptions {
  store: ClusterStore;
  /** Routes under these prefixes that declare no access are public (the API docs). */
  publicPrefixes?: string[];
}

/** Decorates `request.user` and `app.authenticator`; checks access, role and CSRF on every request. */
export const authPlugin = fp(
  async (app: FastifyInstance, options: AuthPluginOptions) => {
    const authenticator = createAuthenticator(options.store);
    app.decorate('authenticator', authenticator);
    app.decorateRequest('user', undefined);
    app.decorateRequest('resourcePrincipal', undefined);

    app.addHook('onRoute', (route) => {
      const config = (route.config ?? {}) as { access?: Access };
      if (config.access !== undefined || !route.url.startsWith('/api/')) return;
      if ((options.publicPrefixes ?? []).some((prefix) => route.url.startsWith(prefix))) {
        route.config = { ...config, access: 'public' } as typeof route.config;
        return;
      }
      throw new Error(
        `route ${String(route.method)} ${route.url} declares no access (config.access): every API route must`,
      );
    });

    // Who, first, without refusing anyone yet: the rate limit (a route-level onRequest
    // hook, so it runs after this one) counts anonymous senders apart from signed-in ones.
    app.addHook('onRequest', async (request) => {
      const access = request.routeOptions.config.access;
      if (access === undefined || access === 'public') return;
      const principal = await authenticator.authenticatePrincipal(request.headers);
      if (principal?.via === 'resource') {
        request.resourcePrincipal = principal;
        // The audit log names the resource when it is refused a change.
        request.audit = { ...request.audit, actor: `resource ${principal.resource}` };
        return;
      }
      request.user = principal;
    });
    // May they: before the body is read, so a viewer cannot make the server read (let alone
    // parse) an upload only an admin may send. Every route's role is fixed by its table
    // entry (a floor: control checks more once it knows the code).
    app.addHook('preParsing', async (request, reply) => {
      const access = request.routeOptions.config.access;
      if (access === undefined || access === 'public') return;
      try {
        authorize(request, access);
      } catch (error) {
        // Refused with a body still coming: close the connection rather than read the rest.
        if (bodyComing(request.headers)) reply.header('connection', 'close');
        throw error;
      }
    });
  },
  { name: 'wolfpack-auth', fastify: '5.x', dependencies: ['wolfpack-errors'] },
);
