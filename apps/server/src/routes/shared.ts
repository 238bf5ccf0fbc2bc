import { CommandError, type Command } from '@wolfpack/contracts';
import { executeCommand, type ClusterState, type CommandResult } from '@wolfpack/engine';
import type { FastifyRequest } from 'fastify';
import { noteAudit } from '../plugins/app/audit.ts';
import { userOf } from '../plugins/app/auth.ts';

/*
 * What the route folders share: running an engine command on behalf of the signed-in
 * user, and a faster serializer for the big views. What each route is (path, schemas,
 * role, replies) is the contracts' endpoint table's: see endpoint-route.ts.
 */

/**
 * Serialize with JSON.stringify, the schema staying for validation docs only. For the big
 * cluster views (GET /cluster at 5000 resources: fast-json-stringify spends ~250 ms
 * choosing anyOf branches, JSON.stringify ~15 ms). Views carry no secrets to strip; user
 * and token replies keep the schema's serializer, which drops any field it does not name.
 */
export const plainJson = { serializerCompiler: () => (data: unknown) => JSON.stringify(data) } as const;

export interface CommandRun {
  result: CommandResult;
  /** The followed cluster state, including the command's write. */
  state: ClusterState;
}

/**
 * Runs an engine command as the signed-in user (the engine validates it, applies it whole
 * or refuses it, and logs either to the event log), then waits until this server's state
 * includes the change so the reply and the client's next read show it.
 */
export async function runCommand(request: FastifyRequest, command: Command): Promise<CommandRun> {
  const { cluster } = request.server;
  const user = userOf(request);
  noteAudit(request, { byEngine: true });
  const result = await executeCommand(cluster.store, cluster.catalog, user.username, command, {
    recentState: () => cluster.follower.snapshot(),
  });
  const state = result.noop ? cluster.state() : await cluster.stateAt(result.revision);
  return { result, state };
}

/** The view, or a 404 naming the object. */
export function found<T>(view: T | undefined, kind: string, name: string): T {
  if (view === undefined) throw new CommandError('not-found', `${kind} ${name} does not exist`);
  return view;
}
