/*
 * The REST API as a script would use it: sign in with POST /api/v1/session (the session
 * cookie, and the csrfToken sent as x-csrf-token on every change). Tests use it to set
 * things up and to check what the server holds, never instead of the page under test.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what} → ${status}: ${JSON.stringify(body)}`);
  }
}

export class ApiSession {
  private constructor(
    readonly baseUrl: string,
    readonly user: string,
    private readonly cookie: string,
    private readonly csrfToken: string,
  ) {}

  /** Signs in; throws with the server's answer when refused. */
  static async logIn(baseUrl: string, username: string, password: string): Promise<ApiSession> {
    const response = await fetch(new URL('/api/v1/session', baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const body = (await response.json()) as { csrfToken?: string };
    if (!response.ok) throw new ApiError(response.status, body, `POST /api/v1/session as ${username}`);
    const cookie = response.headers.getSetCookie().map((header) => header.split(';')[0]).join('; ');
    return new ApiSession(baseUrl, username, cookie, body.csrfToken ?? '');
  }

  /** One request under /api/v1; resolves to the parsed body, throws ApiError on a non-2xx answer. */
  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { cookie: this.cookie };
    if (method !== 'GET') headers['x-csrf-token'] = this.csrfToken;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(new URL(`/api/v1${path}`, this.baseUrl), {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new ApiError(response.status, parsed, `${method} /api/v1${path}`);
    return parsed as T;
  }

  get<T = unknown>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T = unknown>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body ?? {});
  }

  patch<T = unknown>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  delete<T = unknown>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }
}

/** A path segment for an object name ("Chat Server" → "Chat%20Server"). */
export const segment = (name: string) => encodeURIComponent(name);

export type { GroupView, ResourceView, ResourceTypeView } from '@wolfpack/contracts';
