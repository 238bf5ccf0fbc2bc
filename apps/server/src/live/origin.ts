import type { IncomingMessage } from 'node:http';

/*
 * A browser sends its cookie with a WebSocket handshake to any site, so /live must refuse
 * pages of other origins (cross-site WebSocket hijacking): an Origin header must name this
 * server as the browser reached it (its Host header) or one of the configured origins
 * (WOLFPACK_ALLOWED_ORIGINS: a proxy in front that rewrites Host). No Origin means no
 * browser page is asking (scripts, the CLI, a same-origin polling GET): nothing ambient to misuse.
 */

/** Whether a handshake with these headers may proceed. `allowed`: normalized origins (scheme://host[:port]). */
export function originAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[],
): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // 'null' (a sandboxed page, a file), or garbage
  }
  if (allowed.includes(url.origin)) return true;
  if (host === undefined) return false;
  try {
    return url.host === new URL(`http://${host}`).host;
  } catch {
    return false;
  }
}

/** socket.io's allowRequest: refuses a foreign Origin, naming it. */
export function originCheck(allowed: readonly string[]) {
  return (request: IncomingMessage, callback: (error: string | null | undefined, success: boolean) => void): void => {
    const origin = request.headers.origin;
    if (originAllowed(origin, request.headers.host, allowed)) return callback(null, true);
    callback(
      `origin ${origin} may not open the live stream: only this server's own origin${allowed.length ? ` and ${allowed.join(', ')}` : ''} (WOLFPACK_ALLOWED_ORIGINS)`,
      false,
    );
  };
}
