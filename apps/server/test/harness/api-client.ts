/*
 * A REST client as a browser or a script would be: fetch over real HTTP, with a session
 * cookie (plus the x-csrf-token header on changes) or a bearer token, or nothing.
 */

export type Credentials =
  | { kind: 'none' }
  | { kind: 'session'; cookie: string; csrfToken: string; username: string }
  | { kind: 'token'; token: string };

export interface ApiReply<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export interface RequestOptions {
  body?: unknown;
  /** Default: the client's own. */
  as?: Credentials;
  /** Leave out the x-csrf-token header of a session (CSRF tests). */
  withoutCsrf?: boolean;
  headers?: Record<string, string>;
}

export const anonymous: Credentials = { kind: 'none' };

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly credentials: Credentials = anonymous,
  ) {}

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<ApiReply<T>> {
    const credentials = options.as ?? this.credentials;
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (credentials.kind === 'session') {
      headers.cookie = credentials.cookie;
      if (!options.withoutCsrf) headers['x-csrf-token'] = credentials.csrfToken;
    }
    if (credentials.kind === 'token') headers.authorization = `Bearer ${credentials.token}`;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON: a page or a module
    }
    return { status: response.status, body: body as T, text, headers: response.headers };
  }

  get = <T = any>(path: string, options?: RequestOptions) => this.request<T>('GET', path, options);
  post = <T = any>(path: string, body?: unknown, options?: RequestOptions) => this.request<T>('POST', path, { ...options, ...(body !== undefined ? { body } : {}) });
  patch = <T = any>(path: string, body?: unknown, options?: RequestOptions) => this.request<T>('PATCH', path, { ...options, ...(body !== undefined ? { body } : {}) });
  delete = <T = any>(path: string, options?: RequestOptions) => this.request<T>('DELETE', path, options);

  /** Signs in; returns a client acting with that session. Throws on anything but 200. */
  async login(username: string, password: string): Promise<ApiClient> {
    const reply = await this.request('POST', '/api/v1/session', { body: { username, password }, as: anonymous });
    if (reply.status !== 200) throw new Error(`login ${username}: ${reply.status} ${reply.text}`);
    const cookie = reply.headers.get('set-cookie')?.split(';')[0];
    if (!cookie) throw new Error(`login ${username}: no cookie`);
    return new ApiClient(this.baseUrl, { kind: 'session', cookie, csrfToken: reply.body.csrfToken, username });
  }

  /** A client acting with an API token. */
  withToken(token: string): ApiClient {
    return new ApiClient(this.baseUrl, { kind: 'token', token });
  }
}

/** `/api/v1` + a path, with each name in it URL-encoded: api`/groups/${name}/move`. */
export function api(strings: TemplateStringsArray, ...names: string[]): string {
  return `/api/v1${strings.reduce((path, part, index) => path + part + (index < names.length ? encodeURIComponent(names[index]!) : ''), '')}`;
}
