/*
 * How `wolfpack` ends, in one place: the exit code a script can branch on, and the one
 * line on stderr a person reads. docs/cli.md documents the same table.
 */

export const exitCodes = {
  /** It was done. */
  done: 0,
  /** The server could not be reached (or failed on its side). */
  unreachable: 1,
  /** The server refused the request as invalid (the line names the field), the arguments were wrong, or `--wait` learnt the target cannot be reached (a move refused, a resource left Failed). */
  refused: 2,
  /** `--wait` gave up before the target state was reached. */
  timedOut: 3,
  /** Not logged in (401), or the role is too low (403). */
  notAllowed: 4,
} as const;
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** A failure the CLI itself detected, with the exit code it ends with. */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  constructor(exitCode: ExitCode, message: string) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** Bad arguments the parser could not catch (a property value, a missing flag). */
export const usageError = (message: string) => new CliError(exitCodes.refused, message);

/**
 * The client's WolfpackError, recognised by shape: the client lives in a chunk loaded
 * only when a command talks to the server, and a usage error must not load it.
 */
interface WolfpackFailure {
  name: 'WolfpackError';
  status: number;
  code: string;
  message: string;
  fields: { path: string; message: string }[];
}

const isWolfpackFailure = (error: unknown): error is WolfpackFailure =>
  error instanceof Error && error.name === 'WolfpackError';

/** The exit code and the line to print for anything a command threw; `withToken` says whether a token was sent. */
export function failureOf(error: unknown, url: string, withToken: boolean): { exitCode: ExitCode; message: string } {
  if (error instanceof CliError) return { exitCode: error.exitCode, message: error.message };
  if (isWolfpackFailure(error)) {
    if (error.code === 'unreachable')
      return { exitCode: exitCodes.unreachable, message: `${error.message}. Is \`npm start\` running?` };
    if (error.code === 'timeout') return { exitCode: exitCodes.timedOut, message: error.message };
    if (error.status === 401) {
      const message = withToken
        ? `${url} refused the API token (revoked, or not one of this cluster's): ${error.message}. Log in again with \`wolfpack login\`, or pass another --token`
        : `not logged in at ${url}: ${error.message}. Log in with \`wolfpack login\`, or pass --token`;
      return { exitCode: exitCodes.notAllowed, message };
    }
    if (error.status === 403) return { exitCode: exitCodes.notAllowed, message: error.message };
    if (error.status >= 400 && error.status < 500) {
      // Every bad field with its path (private.MaxUser: …), so the fix is plain.
      const message =
        error.fields.length > 0
          ? error.fields.map((field) => `${field.path}: ${field.message}`).join('; ')
          : error.message;
      return { exitCode: exitCodes.refused, message };
    }
    return { exitCode: exitCodes.unreachable, message: `the server failed: ${error.message}` };
  }
  return { exitCode: exitCodes.unreachable, message: error instanceof Error ? error.message : String(error) };
}
