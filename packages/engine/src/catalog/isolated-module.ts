import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Duplex } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { FieldError, ValidationContext } from '@wolfpack/contracts';
import { spawnModuleChild } from './module-child.ts';

/*
 * A registered type's engine module run in a child process of its own, never in the
 * process that asks (the API server): its top-level code and its validate() get their
 * own capped heap, a time limit per call, a bare environment, and nothing of the
 * server's memory (sessions, password checks, the store handle). A server running as
 * root starts it as the resource user (WOLFPACK_RESOURCE_USER, default nobody), so it
 * cannot read the server's /proc/<pid>/environ, the store's file or the server's own
 * files either; a server running as anyone else gives it its own uid, and with it what
 * that uid can read. One long-lived child per module file (a file is one content: see
 * module-files.ts), started on first use (module-child.ts), ended when idle, killed when it overruns.
 *
 * Requests and replies are JSON lines on a pipe of their own (fd 3), read with a bound,
 * so what the module prints goes nowhere and a reply cannot grow the server's memory.
 * The child runs calls one at a time and says when it starts each, so a call's time
 * limit counts its own run, not its wait behind the others.
 */

export interface IsolatedModuleOptions {
  /** Longest import or validate() call; past it the child is killed. Default 5000 ms. */
  timeoutMs?: number;
  /** The child's V8 old-space limit (--max-old-space-size). Default 64 MB. */
  maxHeapMb?: number;
  /** A child with no call for this long is ended. Default 60 s. */
  idleMs?: number;
}

/** What the child found the module to export. */
export interface ModuleShape {
  validate: boolean;
}

const maxReplyBytes = 1024 * 1024;
const maxErrors = 100;
const maxMessageLength = 2000;

interface Pending {
  /** What the call is, for its timeout's message. */
  what: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Running {
  child: ChildProcess;
  channel: Duplex;
  pending: Map<number, Pending>;
  imported: Promise<ModuleShape>;
  /** The last lines the child wrote to stderr (an out-of-memory report, an uncaught error). */
  stderr: string;
  /** The call the child said it started and has not answered yet. */
  busy: number | undefined;
  /** The child's one time limit: its running call's, or, with none running, the next call's start. */
  watchdog: NodeJS.Timeout | undefined;
  /** The folder of the module's readable copy, when the child runs as another user, until imported. */
  copyFolder: string | undefined;
}

/** Every child still running, killed if this process exits (a module must not outlive the server). */
const everyChild = new Set<ChildProcess>();
const everyCopyFolder = new Set<string>();
process.once('exit', () => {
  for (const child of everyChild) child.kill('SIGKILL');
  for (const folder of everyCopyFolder) rmSync(folder, { recursive: true, force: true });
});

/** One module file, run in its own child process. */
export class IsolatedModule {
  readonly #url: string;
  readonly #timeoutMs: number;
  readonly #maxHeapMb: number;
  readonly #idleMs: number;
  #running: Running | undefined;
  #nextId = 1;
  #idleTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly path: string,
    options: IsolatedModuleOptions = {},
  ) {
    this.#url = pathToFileURL(path).href;
    this.#timeoutMs = options.timeoutMs ?? 5_000;
    this.#maxHeapMb = options.maxHeapMb ?? 64;
    this.#idleMs = options.idleMs ?? 60_000;
  }

  /** Imports the module in the child; throws why it cannot run (it throws, hangs, or exports no create()). */
  async inspect(): Promise<ModuleShape> {
    return this.#start().imported;
  }

  /** The module's validate() errors for these properties ([] when it has no validate()). */
  async validate(properties: Record<string, unknown>, context: ValidationContext): Promise<FieldError[]> {
    const running = this.#start();
    const shape = await running.imported;
    if (!shape.validate) return [];
    return fieldErrorsOf(await this.#call(running, { kind: 'validate', properties, context }, 'validate()'));
  }

  /** Ends the child, if one runs; a later call starts another. */
  close(): void {
    const running = this.#running;
    if (!running) return;
    this.#stop(running, new Error("the module's process was closed"));
  }

  #start(): Running {
    this.#touch();
    if (this.#running) return this.#running;
    const { child, copy } = spawnModuleChild(this.path, this.#maxHeapMb);
    const copyFolder = copy ? dirname(copy) : undefined;
    if (copyFolder) everyCopyFolder.add(copyFolder);
    everyChild.add(child);
    const channel = child.stdio[3] as Duplex;
    const running: Running = {
      child,
      channel,
      pending: new Map(),
      imported: Promise.resolve({ validate: false }),
      stderr: '',
      busy: undefined,
      watchdog: undefined,
      copyFolder,
    };
    this.#running = running;
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => (running.stderr = (running.stderr + chunk).slice(-2000)));
    this.#readReplies(running);
    child.on('error', (error) => this.#stop(running, error));
    // 'close', not 'exit': by then stderr is read to its end (an out-of-memory report is its last words).
    child.on('close', (code, signal) => {
      everyChild.delete(child);
      const last = running.stderr.trim().split('\n').filter(Boolean).at(-1);
      const outOfMemory = /heap limit|out of memory/i.test(running.stderr);
      const reason = outOfMemory
        ? `its process ran out of memory (limit ${this.#maxHeapMb} MB)`
        : `its process ended (${signal ?? `exit code ${code}`})${last ? `: ${last}` : ''}`;
      this.#stop(running, new Error(reason));
    });
    // The server may exit while a child idles: neither keeps the other's event loop alive.
    child.unref();
    (channel as Duplex & { unref?: () => void }).unref?.();
    (child.stderr as unknown as { unref?: () => void }).unref?.();
    running.imported = this.#call(
      running,
      { kind: 'import', url: copy ? pathToFileURL(copy).href : this.#url },
      'importing it',
    ).then((shape) => ({ validate: (shape as ModuleShape).validate === true }));
    running.imported.then(
      () => this.#removeCopy(running),
      () => this.#stop(running, new Error('its import failed')),
    );
    return running;
  }

  #readReplies(running: Running): void {
    let buffered = '';
    running.channel.setEncoding('utf8');
    running.channel.on('data', (chunk: string) => {
      buffered += chunk;
      for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
        let message: { id?: unknown; started?: unknown; ok?: unknown; result?: unknown; error?: unknown };
        try {
          message = JSON.parse(line) as typeof message;
        } catch {
          this.#stop(running, new Error('its process wrote something that is not a reply'));
          return;
        }
        const id = typeof message.id === 'number' ? message.id : undefined;
        const pending = id === undefined ? undefined : running.pending.get(id);
        if (id === undefined || !pending) continue;
        if (message.started === true) {
          running.busy = id;
          this.#watch(running);
          continue;
        }
        running.pending.delete(id);
        if (running.busy === id) running.busy = undefined;
        this.#watch(running);
        if (message.ok === true) pending.resolve(message.result);
        else pending.reject(new Error(String(message.error).slice(0, maxMessageLength)));
      }
      if (buffered.length > maxReplyBytes)
        this.#stop(running, new Error(`its process answered with more than ${maxReplyBytes / 1024} KiB`));
    });
    running.channel.on('error', () => undefined);
  }

  #call(running: Running, request: Record<string, unknown>, what: string): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      running.pending.set(id, { what, resolve, reject });
      // A child at work keeps its running call's limit: this call's starts when the child starts it.
      if (running.watchdog === undefined) this.#watch(running);
      running.channel.write(`${JSON.stringify({ id, ...request })}\n`);
    });
  }

  /**
   * Sets the child's one timer: the call it runs must finish within the limit; with none
   * running (the child starting, or between calls), the next must start within it. Past
   * it the child is ended: a call that never returns, or code the module left running,
   * holds its only thread.
   */
  #watch(running: Running): void {
    clearTimeout(running.watchdog);
    running.watchdog = undefined;
    const busy = running.busy === undefined ? undefined : running.pending.get(running.busy);
    const next = busy ?? running.pending.values().next().value;
    if (!next) return;
    const limit = `${this.#timeoutMs / 1000} s`;
    const reason = busy
      ? `${busy.what} did not finish within ${limit}`
      : `${next.what} did not start within ${limit}: its process was busy outside any call`;
    running.watchdog = setTimeout(() => this.#stop(running, new Error(reason)), this.#timeoutMs);
  }

  #stop(running: Running, reason: Error): void {
    if (this.#running === running) this.#running = undefined;
    clearTimeout(running.watchdog);
    running.watchdog = undefined;
    for (const [id, pending] of running.pending) {
      running.pending.delete(id);
      pending.reject(reason);
    }
    running.channel.destroy();
    if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
    this.#removeCopy(running);
  }

  #removeCopy(running: Running): void {
    if (!running.copyFolder) return;
    rmSync(running.copyFolder, { recursive: true, force: true });
    everyCopyFolder.delete(running.copyFolder);
    running.copyFolder = undefined;
  }

  #touch(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => this.close(), this.#idleMs);
    this.#idleTimer.unref();
  }
}

/** The child's answer as field errors, whatever it sent: strings only, a bounded number, bounded length. */
function fieldErrorsOf(result: unknown): FieldError[] {
  if (!Array.isArray(result)) throw new Error('validate() did not return a list of errors');
  return result.slice(0, maxErrors).map((error: unknown) => {
    const { path, message } = (typeof error === 'object' && error !== null ? error : {}) as {
      path?: unknown;
      message?: unknown;
    };
    return {
      path: String(path ?? 'private').slice(0, 200),
      message: String(message ?? 'is not valid').slice(0, maxMessageLength),
    };
  });
}
