import { Type, type Static } from '@sinclair/typebox';

export const FieldError = Type.Object({
  /** Path of the bad field, e.g. `private.MaxUser` or `dependencies`. */
  path: Type.String(),
  message: Type.String(),
});
export type FieldError = Static<typeof FieldError>;

export const ErrorCode = Type.Union([
  Type.Literal('validation'),
  Type.Literal('not-found'),
  Type.Literal('conflict'),
  Type.Literal('unauthorized'),
  Type.Literal('forbidden'),
  Type.Literal('rate-limited'),
  Type.Literal('internal'),
]);
export type ErrorCode = Static<typeof ErrorCode>;

/** The HTTP status the server answers each error code with. */
export const statusOfErrorCode: Readonly<Record<ErrorCode, number>> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'rate-limited': 429,
  internal: 500,
};

/**
 * The error code of a status that came without an ErrorBody (Fastify's own refusals, a
 * proxy's page): the code answered with it, else any other 4xx is the request's fault
 * (validation) and anything else the server's (internal).
 */
export function errorCodeOfStatus(status: number): ErrorCode {
  const known = (Object.keys(statusOfErrorCode) as ErrorCode[]).find((code) => statusOfErrorCode[code] === status);
  if (known) return known;
  return status >= 400 && status < 500 ? 'validation' : 'internal';
}

/** The one error shape everywhere: engine commands, REST replies, CLI output. */
export const ErrorBody = Type.Object({
  error: ErrorCode,
  message: Type.String(),
  fields: Type.Optional(Type.Array(FieldError)),
});
export type ErrorBody = Static<typeof ErrorBody>;

/** A command refused as a whole; nothing was changed. */
export class CommandError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[] | undefined;
  constructor(code: ErrorCode, message: string, fields?: FieldError[]) {
    super(message);
    this.name = 'CommandError';
    this.code = code;
    this.fields = fields;
  }
  toBody(): ErrorBody {
    return this.fields
      ? { error: this.code, message: this.message, fields: this.fields }
      : { error: this.code, message: this.message };
  }
}
