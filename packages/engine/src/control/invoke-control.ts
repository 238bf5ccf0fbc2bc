import { randomUUID } from 'node:crypto';
import {
  CommandError,
  keys,
  maxControlInputBytes,
  type ControlReplyRecord,
  type ControlRequestRecord,
} from '@wolfpack/contracts';
import { appendEvent } from '../events/index.ts';
import { loadClusterState } from '../model/cluster-state.ts';
import { resourceOwner, resourceState } from '../model/derived.ts';
import type { ClusterStore } from '@wolfpack/store';
import type { ResourceTypeCatalog } from '../catalog/catalog.ts';

export interface InvokeControlOptions {
  resource: string;
  code: string;
  input?: unknown;
  actor: string;
  timeoutMs?: number;
}

export interface ControlOutcome {
  resource: string;
  code: string;
  node: string;
  result: unknown;
}

/**
 * Call a resource type's control code (MSCS ResourceControl) on the node that runs the
 * resource: the request travels through the store to that node's agent, which calls its
 * resource host and writes the reply back. Works from any store client (server, CLI).
 */
export async function invokeControl(
  store: ClusterStore,
  catalog: ResourceTypeCatalog,
  options: InvokeControlOptions,
): Promise<ControlOutcome> {
  const inputBytes = Buffer.byteLength(JSON.stringify(options.input ?? null));
  if (inputBytes > maxControlInputBytes) {
    const message = `input must be at most ${maxControlInputBytes / 1024} KiB as JSON (it is ${Math.ceil(inputBytes / 1024)} KiB)`;
    throw new CommandError('validation', `control code ${options.code} of ${options.resource}: ${message}`, [
      { path: 'input', message },
    ]);
  }
  const state = await loadClusterState(store);
  const config = state.resources.get(options.resource);
  if (!config) throw new CommandError('not-found', `resource ${options.resource} does not exist`);
  const manifest = catalog.get(config.type)?.manifest ?? state.resourceTypes.get(config.type);
  const known = manifest?.controlCodes.map((c) => c.code) ?? [];
  if (!known.includes(options.code)) {
    throw new CommandError(
      'validation',
      `resource type ${config.type} has no control code "${options.code}"${known.length ? ` (it has: ${known.join(', ')})` : ''}`,
      [{ path: 'code', message: `must be one of: ${known.join(', ') || '(none)'}` }],
    );
  }
  const node = resourceOwner(state, options.resource);
  if (!node || resourceState(state, options.resource) !== 'Online') {
    throw new CommandError(
      'conflict',
      `resource ${options.resource} is ${resourceState(state, options.resource)}: control codes need it Online`,
    );
  }

  const timeoutMs = options.timeoutMs ?? 10_000;
  const id = randomUUID();
  const request: ControlRequestRecord = {
    id,
    resource: options.resource,
    node,
    code: options.code,
    input: options.input ?? null,
    requestedBy: options.actor,
    at: Date.now(),
  };
  // The lease makes an unanswered request (or its reply) disappear by itself.
  const lease = await store.grantLease(timeoutMs + 5_000);
  const replyKey = keys.controlReply(id);
  let settle: (reply: ControlReplyRecord) => void = () => undefined;
  const replied = new Promise<ControlReplyRecord>((resolve) => (settle = resolve));
  const watch = await store.watch(
    replyKey,
    {},
    {
      onBatch: (batch) => {
        for (const event of batch.events)
          if (event.type === 'put' && event.kv.key === replyKey)
            settle(JSON.parse(event.kv.value) as ControlReplyRecord);
      },
    },
  );
  let timer: NodeJS.Timeout | undefined;
  try {
    await store.put(keys.controlRequest(id), JSON.stringify(request), { lease: lease.id });
    const timedOut = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
    const reply = await Promise.race([replied, timedOut]);
    if (!reply)
      throw new CommandError(
        'conflict',
        `node ${node} did not answer control code ${options.code} of ${options.resource} within ${timeoutMs} ms`,
      );
    if (!reply.ok)
      throw new CommandError(
        'conflict',
        `control code ${options.code} of ${options.resource} failed on ${reply.node}: ${reply.error ?? 'unknown error'}`,
      );
    const readOnly = manifest?.controlCodes.find((c) => c.code === options.code)?.readOnly ?? true;
    if (!readOnly) {
      await appendEvent(store, {
        time: Date.now(),
        kind: 'command',
        object: { kind: 'resource', name: options.resource },
        actor: options.actor,
        command: `control:${options.code}`,
        result: 'ok',
        node: reply.node,
        message: `${options.actor} ran control code ${options.code} on ${options.resource}`,
      });
    }
    return { resource: options.resource, code: options.code, node: reply.node, result: reply.result ?? null };
  } finally {
    clearTimeout(timer);
    await watch.cancel();
    await store.revokeLease(lease.id).catch(() => undefined);
  }
}
