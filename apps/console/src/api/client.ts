import { ApiError, networkError, toErrorBody } from './errors.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** How the client reaches the server; the browser's fetch by default. */
export interface ApiClientOptions {
  /** Origin and prefix of the API, e.g. `/api/v1` (same origin) or `http://127.0.0.1:8080/api/v1`. */
  baseUrl: string;
  fetch?: typeof fetch;
  /** Called when the server answers 401: the session ended (expired, logged out elsewhere). */
  onUnauthorized?: () => void;
}

const mutating = new Set<HttpMethod>(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A typed fetch over the REST API v1: JSON in and out, the session cookie sent with
 * every request, the CSRF token as `x-csrf-token` on every mutation, and every failure
 * thrown as an ApiError holding the server's ErrorBody.
 */
export class ApiClient {
  readonly baseUrl: string;
  #fetch: typeof fetch;
  #csrfToken: string | undefined;
  #onUnauthorized: (() => void) | undefined;

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#onUnauthorized = options.onUnauthorized;
  }

  /** The token the server gave at login (or GET /session); sent on mutations. */
  setCsrfToken(token: string | undefined): void {
    this.#csrfToken = token;
  }

  get csrfToken(): string | undefined {
    return this.#csrfToken;
  }

  onUnauthorized(listener: (() => void) | undefined): void {
    this.#onUnauthorized = listener;
  }

  /** One request; resolves with the parsed JSON reply (undefined for 204), throws ApiError otherwise. */
  async request<T>(method: HttpMethod, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (mutating.has(method) && this.#csrfToken) headers['x-csrf-token'] = this.#csrfToken;
    let response: Response;
    try {
      response = await this.#fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (cause) {
      throw networkError(cause);
    }
    const payload = await readPayload(response);
    if (!response.ok) {
      if (response.status === 401) this.#onUnauthorized?.();
      throw new ApiError(response.status, toErrorBody(response.status, response.statusText, payload));
    }
    return payload as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }
  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body ?? {});
  }
  put<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PUT', path, body ?? {});
  }
  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }
  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }
}

async function readPayload(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (text === '') return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** A path segment: names may hold spaces and dots. */
export const segment = (name: string): string => encodeURIComponent(name);
