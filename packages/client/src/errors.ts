import { errorCodeOfStatus, type ErrorBody, type ErrorCode, type FieldError } from '@wolfpack/contracts';

/** What went wrong: the server's ErrorBody codes, or the client's own (no answer at all, or none in time). */
export type WolfpackErrorCode = ErrorCode | 'unreachable' | 'timeout';

/**
 * Every failure of a call, one shape: the HTTP status (0 when the server was not
 * reached), the error code, the server's sentence, and the bad fields by path
 * (`private.MaxUser`), so a form or a shell can show each where it belongs.
 */
export class WolfpackError extends Error {
  readonly status: number;
  readonly code: WolfpackErrorCode;
  readonly fields: FieldError[];

  constructor(status: number, code: WolfpackErrorCode, message: string, fields: FieldError[] = []) {
    super(message);
    this.name = 'WolfpackError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }

  /** The error as the server would have written it. */
  toBody(): ErrorBody {
    const error: ErrorCode = this.code === 'unreachable' || this.code === 'timeout' ? 'internal' : this.code;
    return this.fields.length > 0
      ? { error, message: this.message, fields: this.fields }
      : { error, message: this.message };
  }
}

const isErrorBody = (value: unknown): value is ErrorBody =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as ErrorBody).error === 'string' &&
  typeof (value as ErrorBody).message === 'string';

/** A refused reply as a WolfpackError: the server's ErrorBody when it sent one, else a sentence built from the status. */
export function errorOfReply(status: number, statusText: string, payload: unknown): WolfpackError {
  if (isErrorBody(payload)) {
    const fields = Array.isArray(payload.fields)
      ? payload.fields.filter((field) => typeof field?.path === 'string' && typeof field.message === 'string')
      : [];
    return new WolfpackError(status, payload.error, payload.message, fields);
  }
  const text =
    typeof payload === 'string' && payload.trim() !== '' && payload.length < 300
      ? payload.trim()
      : statusText || 'request failed';
  return new WolfpackError(status, errorCodeOfStatus(status), `${status} ${text}`);
}

/** Node's fetch hides why a connection failed in `cause.code`: say it in words. */
const reasons: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection closed',
};

/** A call that got no HTTP answer at all. */
export function unreachable(url: string, cause: unknown): WolfpackError {
  const inner = (cause as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const code = inner?.code ?? (cause as { code?: string } | undefined)?.code;
  const reason = (code && reasons[code]) ?? inner?.message ?? (cause instanceof Error ? cause.message : String(cause));
  return new WolfpackError(0, 'unreachable', `cannot reach ${url}: ${reason}`);
}

/** Any thrown value as a sentence for a person. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
