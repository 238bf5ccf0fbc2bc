import type { PublishedRecord, ResourceContext } from '@wolfpack/contracts';

/*
 * The messages between a node agent and its resource host process, over the Node IPC
 * channel (JSON). The agent sends requests (with an id) and fence deadlines; the host
 * answers each request once and sends events between calls.
 */

/** The context the agent sends for a resource: everything but the functions, which the host supplies. */
export type HostedResourceContext = Omit<ResourceContext, 'log' | 'reportFailure' | 'publish'>;

/** The calls of a resource type module, plus open/close and a host liveness ping. */
export type HostCall =
  | 'open'
  | 'online'
  | 'offline'
  | 'terminate'
  | 'looksAlive'
  | 'isAlive'
  | 'control'
  | 'applyProperties'
  | 'close'
  | 'ping';

export type HostRequest =
  | { id: number; call: 'open'; resource: string; enginePath: string; context: HostedResourceContext }
  | { id: number; call: 'online' | 'offline' | 'terminate' | 'looksAlive' | 'isAlive' | 'close'; resource: string }
  | { id: number; call: 'control'; resource: string; code: string; input: unknown }
  | { id: number; call: 'applyProperties'; resource: string; properties: Record<string, unknown> }
  | { id: number; call: 'ping' };

/**
 * The agent holds its node lease until `fenceDeadline` (epoch ms). If no later deadline
 * arrives by then, the host terminates every resource itself, each bounded by `terminateWithinMs`.
 */
export interface FenceDeadlineMessage {
  fenceDeadline: number;
  terminateWithinMs: number;
}

export type HostReply = { id: number; ok: true; result?: unknown } | { id: number; ok: false; error: string };

/** What the host reports after fencing itself. */
export interface FencedReport {
  /** Resources whose terminate() finished within the bound. */
  terminated: string[];
  /** Resources whose terminate() hung or threw (their processes were killed anyway). */
  unfinished: string[];
  /** Process ids of leftover descendants the host killed. */
  killedProcesses: number[];
}

export type HostEvent =
  | { event: 'ready'; pid: number }
  | { event: 'failure'; resource: string; reason: string }
  | { event: 'publish'; resource: string; records: PublishedRecord[] }
  | { event: 'log'; resource?: string; message: string }
  | ({ event: 'fenced' } & FencedReport);

/** True when an IPC message is a reply to a request. */
export function isHostReply(message: unknown): message is HostReply {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as HostReply).id === 'number' &&
    typeof (message as HostReply).ok === 'boolean'
  );
}

/** True when an IPC message is an event from the host. */
export function isHostEvent(message: unknown): message is HostEvent {
  return typeof message === 'object' && message !== null && typeof (message as HostEvent).event === 'string';
}

/** True when an IPC message is a request from the agent. */
export function isHostRequest(message: unknown): message is HostRequest {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as HostRequest).id === 'number' &&
    typeof (message as HostRequest).call === 'string'
  );
}

/** True when an IPC message is a fence deadline from the agent. */
export function isFenceDeadline(message: unknown): message is FenceDeadlineMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as FenceDeadlineMessage).fenceDeadline === 'number'
  );
}

/** A thrown value as one line of text: modules may throw anything. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
