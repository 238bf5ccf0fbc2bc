/*
 * What the Chat Server engine module and its chat process say to each other: the
 * process's configuration (its one command-line argument, JSON), the IPC requests it
 * answers, the messages it sends on its own, and its exit codes.
 */

export interface ChatConfig {
  /** The resource's name, for log lines. */
  resource: string;
  group: string;
  node: string;
  netName: string;
  address: string;
  port: number;
  maxUser: number;
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
  | { type: 'set-max-user'; maxUser: number }
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
