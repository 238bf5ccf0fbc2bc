/*
 * Errors of calls into a resource host, as the node agent sees them. Each names the
 * resource and the call, so it can go straight into the resource's status reason.
 */

/** The setting that bounds a call, named in timeout messages where MSCS users know it. */
const timeoutSetting: Partial<Record<string, string>> = { online: 'PendingTimeout', offline: 'PendingTimeout' };

/** A call did not answer within its timeout: the module hangs or the host's event loop is stuck. */
export class HostCallTimeout extends Error {
  override readonly name = 'HostCallTimeout';

  constructor(
    readonly resource: string,
    readonly call: string,
    readonly timeoutMs: number,
  ) {
    const setting = timeoutSetting[call];
    super(`${resource}: ${call} did not finish within ${timeoutMs} ms${setting ? ` (${setting})` : ''}`);
  }
}

/** The module (or the host on its behalf) rejected the call; `reason` is its own message. */
export class ResourceCallError extends Error {
  override readonly name = 'ResourceCallError';

  constructor(
    readonly resource: string,
    readonly call: string,
    readonly reason: string,
  ) {
    super(`${resource}: ${call} failed: ${reason}`);
  }
}

/** The host process is not running (it exited, was killed, or never started). */
export class ResourceHostExited extends Error {
  override readonly name = 'ResourceHostExited';

  constructor(
    readonly host: string,
    readonly resource: string,
    readonly call: string,
    readonly exit: string,
  ) {
    super(`${resource}: ${call} failed: resource host "${host}" ${exit}`);
  }
}
