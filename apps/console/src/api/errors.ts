import type { ErrorBody, ErrorCode, FieldError } from '@wolfpack/contracts';

const codeByStatus: Record<number, ErrorCode> = {
  400: 'validation',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
};

/** A refused or failed request, carrying the server's ErrorBody (one shape everywhere). */
export class ApiError extends Error {
  readonly status: number;
  readonly body: ErrorBody;
  constructor(status: number, body: ErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }
  get code(): ErrorCode {
    return this.body.error;
  }
  get fields(): FieldError[] {
    return this.body.fields ?? [];
  }
}

const isErrorBody = (value: unknown): value is ErrorBody =>
  typeof value === 'object' && value !== null &&
  typeof (value as ErrorBody).error === 'string' && typeof (value as ErrorBody).message === 'string';

/**
 * Whatever a failed response carried, as an ErrorBody: the server's own when it sent
 * one, otherwise a message built from the status, so the console always has a reason
 * to show.
 */
export function toErrorBody(status: number, statusText: string, payload: unknown): ErrorBody {
  if (isErrorBody(payload)) {
    const body: ErrorBody = { error: payload.error, message: payload.message };
    if (Array.isArray(payload.fields)) body.fields = payload.fields.filter((f) => typeof f?.path === 'string');
    return body;
  }
  const error = codeByStatus[status] ?? 'internal';
  const text = typeof payload === 'string' && payload.trim() !== '' && payload.length < 300 ? payload.trim() : statusText;
  return { error, message: `${status} ${text || 'request failed'}`.trim() };
}

/** The error of a network failure (no HTTP answer at all). */
export function networkError(cause: unknown): ApiError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ApiError(0, { error: 'internal', message: `The server cannot be reached (${reason})` });
}

/** Any thrown value as a sentence for a person. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.body.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * Server field errors keyed by path (`private.MaxUser`, `common.restartThreshold`,
 * `description`), so a form can show each at its field. Paths the server sends with a
 * leading `/` or in JSON-pointer form are normalised to dots.
 */
export function fieldErrorsByPath(error: unknown): Record<string, string> {
  const fields = error instanceof ApiError ? error.fields : [];
  const byPath: Record<string, string> = {};
  for (const field of fields) {
    const path = normaliseFieldPath(field.path);
    byPath[path] = byPath[path] ? `${byPath[path]}; ${field.message}` : field.message;
  }
  return byPath;
}

/** `/private/MaxUser` or `private/MaxUser` → `private.MaxUser`. */
export function normaliseFieldPath(path: string): string {
  return path.replace(/^\/+/, '').replace(/\//g, '.');
}
