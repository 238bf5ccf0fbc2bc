import {
  apiPrefix,
  endpoints,
  fillPath,
  pathParamNames,
  type Endpoint,
  type EndpointArguments,
  type EndpointReply,
  type Endpoints,
  type HttpMethod,
  type SessionInfo,
} from '@wolfpack/contracts';
import { WolfpackError, errorOfReply, unreachable } from './errors.ts';
import type { LiveFeed, LiveOptions } from './live.ts';
import type { ClusterState } from './cluster-state.ts';

/*
 * One REST client for everything that talks to a Wolfpack server: the console, the CLI,
 * tests and the bench. Each endpoint of the contracts' table becomes a typed method
 * (`client.groups.move('SOCKET_GROUP', { node: 'OSDB_BACK' })`); every failure is a
 * WolfpackError. Credentials: an API token, or a session (the browser keeps its cookie;
 * in Node the client keeps it), with the session's CSRF token sent on every change.
 */

export interface ClientOptions {
  /** The server's origin, e.g. `http://127.0.0.1:8080`; '' in a browser page served by the server itself. */
  url: string;
  /** An API token (`wpk_…`), sent as `Authorization: Bearer`. */
  token?: string;
  /** A session cookie (`wolfpack_session=…`) to act with, in Node; browsers send their own. */
  cookie?: string;
  /** The session's CSRF token, when the session was opened elsewhere. */
  csrfToken?: string;
  /** Called when the server answers 401: the session ended or the token is no longer valid. */
  onUnauthorized?: () => void;
  /** Give up on a call after this long (a WolfpackError with code `timeout`). Default: wait. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** A request outside the table's typed methods (tests of the HTTP surface itself). */
export interface RawRequest {
  body?: unknown;
  headers?: Record<string, string>;
  /** Leave out the session's x-csrf-token header. */
  withoutCsrf?: boolean;
  /** Send no credentials at all. */
  anonymous?: boolean;
}

/** What `raw` may send: the table's methods, and PUT, which no endpoint uses (to see what the server does with it). */
export type RawMethod = HttpMethod | 'PUT';

export interface RawReply<T = unknown> {
  status: number;
  /** The status's reason phrase (`Not Found`), for a refusal that came without an ErrorBody. */
  statusText: string;
  headers: Headers;
  /** Parsed JSON when the reply was JSON, else the text (undefined when empty). */
  body: T;
  text: string;
}

/** A client method of one endpoint: its params, body and query in, its success reply out. */
export type EndpointMethod<E extends Endpoint> = (...args: EndpointArguments<E>) => Promise<EndpointReply<E>>;
type FamilyMethods<F> = { readonly [N in keyof F]: F[N] extends Endpoint ? EndpointMethod<F[N]> : never };
/** `client.groups.move(…)`, `client.events.list(…)`: every endpoint of the table. */
export type EndpointMethods = { readonly [F in keyof Endpoints]: FamilyMethods<Endpoints[F]> };

const mutating = new Set<RawMethod>(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface WaitOptions {
  /** Reject with a WolfpackError `timeout` after this long. Default 60 s. */
  timeoutMs?: number;
  /** Follow this feed instead of opening (and closing) one for the wait. */
  feed?: LiveFeed;
}

export interface WolfpackClient extends EndpointMethods {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the constructor sets the endpoint families it declares
export class WolfpackClient {
  /** The server's origin, without a trailing slash. */
  readonly url: string;
  #token: string | undefined;
  #cookie: string | undefined;
  #csrfToken: string | undefined;
  #onUnauthorized: (() => void) | undefined;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number | undefined;

  constructor(options: ClientOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.#token = options.token;
    this.#cookie = options.cookie;
    this.#csrfToken = options.csrfToken;
    this.#onUnauthorized = options.onUnauthorized;
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#timeoutMs = options.timeoutMs;
    for (const [family, members] of Object.entries(endpoints)) {
      const methods: Record<string, unknown> = {};
      for (const [name, definition] of Object.entries(members as Record<string, Endpoint>)) {
        methods[name] = (...args: unknown[]) => this.#invoke(definition, args);
      }
      (this as unknown as Record<string, unknown>)[family] = Object.freeze(methods);
    }
  }

  /** The API token this client acts with, if any. */
  get token(): string | undefined {
    return this.#token;
  }

  /** The session's CSRF token, once logged in (or after `session.get()`). */
  get csrfToken(): string | undefined {
    return this.#csrfToken;
  }

  /** The session cookie this client keeps (Node only; a browser keeps its own). */
  get cookie(): string | undefined {
    return this.#cookie;
  }

  onUnauthorized(listener: (() => void) | undefined): void {
    this.#onUnauthorized = listener;
  }

  /** Calls one endpoint of the table with its arguments (params in path order, then body, then query). */
  call<E extends Endpoint>(definition: E, ...args: EndpointArguments<E>): Promise<EndpointReply<E>> {
    return this.#invoke(definition, args) as Promise<EndpointReply<E>>;
  }

  async #invoke(definition: Endpoint, args: readonly unknown[]): Promise<unknown> {
    const names = pathParamNames(definition.path);
    const values = args.slice(0, names.length) as string[];
    const rest = args.slice(names.length) as unknown[];
    const body = definition.body !== undefined ? rest.shift() : undefined;
    const query = definition.query !== undefined ? (rest.shift() as Record<string, unknown> | undefined) : undefined;
    const path = fillPath(definition.path, values) + queryString(query);
    const reply = await this.raw(definition.method, path, body === undefined ? {} : { body });
    if (reply.status < 200 || reply.status >= 300) {
      // A wrong password at login is no session ending: only later calls' 401s are.
      if (reply.status === 401 && definition !== endpoints.session.login) this.#onUnauthorized?.();
      throw errorOfReply(reply.status, reply.statusText, reply.body);
    }
    this.#remember(definition, reply);
    return reply.status === 204 ? undefined : reply.body;
  }

  /** One request under /api/v1 as it is, whatever its status: for what the table cannot say (tests of the HTTP surface). */
  async raw<T = unknown>(method: RawMethod, path: string, request: RawRequest = {}): Promise<RawReply<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    if (request.body !== undefined) headers['content-type'] ??= 'application/json';
    if (!request.anonymous) {
      if (this.#token) headers.authorization ??= `Bearer ${this.#token}`;
      else {
        if (this.#cookie) headers.cookie ??= this.#cookie;
        if (mutating.has(method) && this.#csrfToken && !request.withoutCsrf)
          headers['x-csrf-token'] ??= this.#csrfToken;
      }
    }
    const target = `${this.url}${apiPrefix}${path}`;
    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(target, {
        method,
        headers,
        credentials: request.anonymous ? 'omit' : 'same-origin',
        ...(request.body !== undefined
          ? { body: typeof request.body === 'string' ? request.body : JSON.stringify(request.body) }
          : {}),
        ...(this.#timeoutMs !== undefined ? { signal: AbortSignal.timeout(this.#timeoutMs) } : {}),
      });
      // Inside the try: a connection reset or the timeout can also strike while the body streams in.
      text = response.status === 204 ? '' : await response.text();
    } catch (cause) {
      const name = (cause as Error | undefined)?.name;
      if (name === 'TimeoutError' || name === 'AbortError')
        throw new WolfpackError(0, 'timeout', `${method} ${target}: no answer within ${this.#timeoutMs} ms`);
      throw unreachable(this.url || 'the server', cause);
    }
    let body: unknown = text === '' ? undefined : text;
    if (text !== '' && (response.headers.get('content-type') ?? '').includes('json')) {
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON after all: keep the text.
      }
    }
    return {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      body: body as T,
      text,
    };
  }

  /** Opens the live stream: a snapshot, then every change in order, resumed across reconnects. */
  async live(options: LiveOptions = {}): Promise<LiveFeed> {
    const { LiveFeed } = await import('./live.ts');
    return new LiveFeed(this.url, this.#liveCredentials(), options);
  }

  /**
   * Resolves with the live cluster state once `predicate` holds for it (checked on the
   * snapshot and after every change); rejects with a `timeout` WolfpackError otherwise.
   * `client.waitFor((cluster) => cluster.groups.get('SOCKET_GROUP')?.state === 'Online')`.
   */
  async waitFor(predicate: (cluster: ClusterState) => boolean, options: WaitOptions = {}): Promise<ClusterState> {
    const feed = options.feed ?? (await this.live());
    try {
      return await feed.until(predicate, options.timeoutMs ?? 60_000);
    } finally {
      if (!options.feed) feed.close();
    }
  }

  /** Forget the session or token (after logging out). */
  forgetCredentials(): void {
    this.#token = undefined;
    this.#cookie = undefined;
    this.#csrfToken = undefined;
  }

  /** What the live stream's handshake needs to be let in. */
  #liveCredentials(): { token?: string; cookie?: string } {
    if (this.#token) return { token: this.#token };
    return this.#cookie ? { cookie: this.#cookie } : {};
  }

  /** The session's CSRF token and (in Node) cookie, from the replies that carry them. */
  #remember(definition: Endpoint, reply: RawReply): void {
    // Signing in switches this client to the session, even one made with a token.
    if (definition === endpoints.session.login) this.#token = undefined;
    if (definition === endpoints.session.login || definition === endpoints.session.get) {
      const csrf = (reply.body as SessionInfo | undefined)?.csrfToken;
      if (csrf) this.#csrfToken = csrf;
      const cookies = reply.headers.getSetCookie?.() ?? [];
      if (cookies.length > 0) this.#cookie = cookies.map((header) => header.split(';')[0]).join('; ');
    } else if (definition === endpoints.session.changePassword) {
      // The session gets a new id with the new password (the CSRF token stays).
      const cookies = reply.headers.getSetCookie?.() ?? [];
      if (cookies.length > 0 && this.#cookie) this.#cookie = cookies.map((header) => header.split(';')[0]).join('; ');
    } else if (definition === endpoints.session.logout) {
      this.#cookie = undefined;
      this.#csrfToken = undefined;
    }
  }
}

function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const pairs = Object.entries(query).filter(([, value]) => value !== undefined && value !== null);
  return pairs.length === 0
    ? ''
    : `?${pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`).join('&')}`;
}

/** How to sign in: an API token, a user name and password (a session), or nothing yet. */
export type ConnectOptions = Omit<ClientOptions, 'token' | 'cookie'> &
  ({ token: string } | { username: string; password: string } | { token?: undefined });

/** A client without a call made: for a browser page whose cookie already holds a session, or a token known to be good. */
export function createClient(options: ClientOptions): WolfpackClient {
  return new WolfpackClient(options);
}

/**
 * A client ready to use: with a token it makes no call; with a user name and password it
 * signs in first (a WolfpackError `unauthorized` when they are wrong).
 */
export async function connect(options: ConnectOptions): Promise<WolfpackClient> {
  const { username, password, ...rest } = options as ClientOptions & { username?: string; password?: string };
  const client = new WolfpackClient(rest);
  if (username !== undefined && password !== undefined) await client.session.login({ username, password });
  return client;
}
