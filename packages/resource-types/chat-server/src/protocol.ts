/*
 * What the Chat Server engine module and its chat process say to each other: the
 * process's configuration (its one command-line argument, JSON), the IPC requests it
 * answers, the messages it sends on its own, and its exit codes.
 */

/** What each chat user is allowed, changed live by the engine (properties of the same names). */
export interface ChatLimits {
  maxUser: number;
  /** Seconds without input from a client before it is disconnected. */
  idleTimeout: number;
  /** Lines per second a client may send, steady. */
  lineRate: number;
  /** Lines a client may send at once after a quiet spell. */
  lineBurst: number;
  /** Size at which history.log is rotated to history.log.1. */
  historyMaxBytes: number;
}

export interface ChatConfig extends ChatLimits {
  /** The resource's name, for log lines. */
  resource: string;
  group: string;
  node: string;
  netName: string;
  address: string;
  port: number;
  /** Folder on the group's disk holding history.log. */
  historyDir: string;
  /** The group's placement epoch this process writes under. */
  epoch: number;
  /** The Disk resource's reservation file: `{ "node": ..., "epoch": ... }`. */
  reservationPath: string;
}

export interface ConnectedUser {
  address: string;
  port: number;
  /** ISO timestamp. */
  connectedSince: string;
}

/** Requests the engine sends with SupervisedProcess.request. */
export type ChatRequest =
  | { type: 'connected-users' }
  | { type: 'set-limits'; limits: ChatLimits }
  /** Say goodbye to every client, stop listening and exit 0. */
  | { type: 'close' };

/** Messages the process sends on its own. */
export type ChatEvent =
  | { type: 'ready'; address: string; port: number }
  | { type: 'failed'; reason: 'listen' | 'stale-owner' | 'history'; message: string };

/** Exit codes (sysexits-like), so the engine can tell a fenced process from a crash. */
export const chatExitCodes = {
  closed: 0,
  badConfig: 64,
  cannotListen: 73,
  historyUnavailable: 74,
  staleOwner: 77,
} as const;

/** Lines of history a new client receives after the greeting. */
export const historyReplayLines = 50;

/** The first line every client receives. */
export function greeting(group: string, node: string): string {
  return `WELCOME to ${group} on ${node}`;
}
