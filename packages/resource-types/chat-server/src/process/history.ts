import {
  close,
  closeSync,
  existsSync,
  fdatasync,
  fstatSync,
  fsync,
  mkdirSync,
  open,
  openSync,
  readSync,
  rename,
  write,
} from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** The file in the history folder that holds the chat lines, one per line. */
export const historyFileName = 'history.log';
/** The one older generation kept when history.log reaches its size limit. */
export const previousHistoryFileName = 'history.log.1';

const writeAsync = promisify(write);
const datasyncAsync = promisify(fdatasync);
const fsyncAsync = promisify(fsync);
const openAsync = promisify(open);
const closeAsync = promisify(close);
const renameAsync = promisify(rename);

/** Reads the last `count` lines of an open file without reading all of it. */
function tailLines(fd: number, count: number): string[] {
  const size = fstatSync(fd).size;
  if (count <= 0) return [];
  let window = 16 * 1024;
  for (;;) {
    const start = Math.max(0, size - window);
    const buffer = Buffer.alloc(size - start);
    readSync(fd, buffer, 0, buffer.length, start);
    const lines = buffer.toString('utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    // A window that starts mid-file may cut its first line: drop it unless we reached the start.
    if (start > 0) lines.shift();
    if (lines.length >= count || start === 0) return lines.slice(-count);
    window *= 4;
  }
}

function tailOfFile(path: string, count: number): string[] {
  if (count <= 0 || !existsSync(path)) return [];
  const fd = openSync(path, 'r');
  try {
    return tailLines(fd, count);
  } finally {
    closeSync(fd);
  }
}

/**
 * The chat history on the group's disk. Lines are appended in batches: one write and one
 * fdatasync per batch, off the event loop, and a batch counts as stored (echoed, replayed)
 * only once its sync returned. history.log is bounded: a batch that would take it past
 * `maxBytes` first renames it to history.log.1 (replacing the older one), so the folder
 * holds at most about twice `maxBytes`.
 */
export class History {
  #fd: number;
  #size: number;
  readonly #recentLines: string[];
  readonly #keep: number;
  #maxBytes: number;

  constructor(
    readonly dir: string,
    keep: number,
    maxBytes: number,
  ) {
    this.#keep = keep;
    this.#maxBytes = maxBytes;
    mkdirSync(dir, { recursive: true });
    this.#fd = openSync(join(dir, historyFileName), 'a+', 0o600);
    this.#size = fstatSync(this.#fd).size;
    const current = tailLines(this.#fd, keep);
    // Just after a rotation the newest file is short: the replay continues into the older one.
    this.#recentLines = [...tailOfFile(join(dir, previousHistoryFileName), keep - current.length), ...current];
  }

  /** The last lines, oldest first. */
  recent(): string[] {
    return [...this.#recentLines];
  }

  /** The limit takes effect at the next batch. */
  setMaxBytes(maxBytes: number): void {
    this.#maxBytes = maxBytes;
  }

  /**
   * Appends a batch; when the promise resolves the lines survive a kill -9 (and a power
   * cut). One batch at a time: the caller waits for one before starting the next.
   */
  async append(lines: string[]): Promise<void> {
    const data = Buffer.from(lines.map((line) => `${line}\n`).join(''), 'utf8');
    if (this.#size > 0 && this.#size + data.length > this.#maxBytes) await this.#rotate();
    for (let offset = 0; offset < data.length; ) {
      offset += (await writeAsync(this.#fd, data, offset, data.length - offset)).bytesWritten;
    }
    await datasyncAsync(this.#fd);
    this.#size += data.length;
    this.#recentLines.push(...lines);
    this.#recentLines.splice(0, Math.max(0, this.#recentLines.length - this.#keep));
  }

  close(): void {
    closeSync(this.#fd);
  }

  /** history.log (already durable: every batch was synced) becomes history.log.1; a new one starts. */
  async #rotate(): Promise<void> {
    await renameAsync(join(this.dir, historyFileName), join(this.dir, previousHistoryFileName));
    const old = this.#fd;
    this.#fd = await openAsync(join(this.dir, historyFileName), 'a+', 0o600);
    this.#size = 0;
    await closeAsync(old);
    // The rename and the new file must survive a power cut like the lines do.
    const folder = await openAsync(this.dir, 'r');
    try {
      await fsyncAsync(folder);
    } finally {
      await closeAsync(folder);
    }
  }
}
