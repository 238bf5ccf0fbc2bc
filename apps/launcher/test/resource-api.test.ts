import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resourceState } from '@wolfpack/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leftoverProcesses, runningOn, testFolderFor, waitForNodesUp } from './harness/applications.ts';
import { buildOnce } from '@wolfpack/testing/build';
import { clusterProcesses, environmentOf } from '@wolfpack/testing/processes';
import { waitUntil } from '@wolfpack/testing/conditions';
import { startEmbeddedCluster, type EmbeddedCluster } from '@wolfpack/testing/embedded-cluster';

// Step 2 of the paper on a real `npm start` cluster: a Generic Application whose program
// reads its own resource through the cluster API with the WOLFPACK_URL and WOLFPACK_TOKEN
// its node gave it, sees a private property change on the live feed, is refused anything
// else, and whose token stops working once the resource goes offline or moves.

interface Noted {
  pid: number;
  node: string;
  event: 'read' | 'other' | 'snapshot' | 'change';
  maxUser?: string;
  status?: number;
  message?: string;
  resources?: string[];
  groups?: number;
  nodes?: number;
}

describe("a resource's own cluster API on the embedded cluster", () => {
  const group = 'API_GROUP';
  const app = 'Api App';
  let cluster: EmbeddedCluster;
  let out: string;
  let pid = 0;

  const noted = (): Noted[] =>
    existsSync(out)
      ? readFileSync(out, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Noted)
      : [];
  const notedBy = (process: number, event: Noted['event']) =>
    noted().filter((line) => line.pid === process && line.event === event);
  const properties = (maxUser: string) => ({
    CommandLine: `${process.execPath} ${fileURLToPath(new URL('./fixtures/resource-api-app.mjs', import.meta.url))}`,
    Environment: {
      MaxUser: maxUser,
      OUT: out,
      OTHER_RESOURCE: 'Chat Server',
      CLIENT_BUNDLE: createRequire(import.meta.url).resolve('@wolfpack/client/standalone'),
    },
  });
  /** What the server answers a GET of `resource` with the URL and token a process was started with. */
  const readWith = async (environment: Map<string, string>, resource = app) =>
    fetch(`${environment.get('WOLFPACK_URL')}/api/v1/resources/${encodeURIComponent(resource)}`, {
      headers: { authorization: `Bearer ${environment.get('WOLFPACK_TOKEN')}` },
    });

  beforeAll(async () => {
    await buildOnce();
    cluster = await startEmbeddedCluster();
    out = join(testFolderFor(cluster), 'api-app.jsonl');
    await waitForNodesUp(cluster);
    await cluster.command(
      { type: 'create-group', name: group, policy: { preferredOwners: ['OSDB_BACK', 'OSDB_SERV'] } },
      'alice',
    );
    await cluster.command(
      { type: 'create-resource', name: app, group, resourceType: 'Generic Application', private: properties('10') },
      'alice',
    );
  }, 120_000);

  afterAll(async () => {
    const dataDir = cluster?.dataDir;
    await cluster?.stop();
    if (dataDir) expect(await leftoverProcesses(dataDir)).toEqual([]);
  });

  it('the program reads its own resource and private properties with WOLFPACK_URL and WOLFPACK_TOKEN', async () => {
    await cluster.command({ type: 'bring-group-online', name: group }, 'alice');
    pid = await runningOn(cluster, group, app, 'OSDB_BACK');
    const environment = environmentOf(pid);
    expect(environment.get('WOLFPACK_URL')).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(environment.get('WOLFPACK_TOKEN')).toMatch(/^wpr_/);
    const [read] = await waitUntil(
      "the program's read of its own resource",
      () => notedBy(pid, 'read').length > 0 && notedBy(pid, 'read'),
      20_000,
    );
    expect(read).toMatchObject({ node: 'OSDB_BACK', maxUser: '10' });
  });

  it('another resource is 403 naming the rule, and its live snapshot holds its own resource only', async () => {
    const [other] = await waitUntil(
      "the program's read of another resource",
      () => notedBy(pid, 'other').length > 0 && notedBy(pid, 'other'),
      20_000,
    );
    expect(other).toMatchObject({ status: 403 });
    expect(other!.message).toContain(`the token of resource ${app} may only read its own resource`);
    const [snapshot] = await waitUntil(
      "the program's live snapshot",
      () => notedBy(pid, 'snapshot').length > 0 && notedBy(pid, 'snapshot'),
      20_000,
    );
    expect(snapshot).toMatchObject({ resources: [app], groups: 0, nodes: 0 });
  });

  it('a private property changed by an administrator reaches the running program through the live feed', async () => {
    await cluster.command({ type: 'set-resource-properties', name: app, private: properties('7') }, 'alice');
    const changes = await waitUntil(
      'the program to see MaxUser 7',
      () => notedBy(pid, 'change').some((line) => line.maxUser === '7') && notedBy(pid, 'change'),
      20_000,
    );
    expect(changes.map((line) => line.maxUser)).toEqual(['7']);
  });

  it("the Chat Server's process gets its own token too: it reads the Chat Server and nothing else", async () => {
    const chat = await waitUntil(
      'the chat process',
      () => clusterProcesses(cluster.dataDir).find((info) => info.command.includes('chat-process')),
      20_000,
    );
    expect(chat.environment.get('WOLFPACK_TOKEN')).toMatch(/^wpr_/);
    expect(chat.environment.get('WOLFPACK_TOKEN')).not.toBe(environmentOf(pid).get('WOLFPACK_TOKEN'));
    expect((await readWith(chat.environment, 'Chat Server')).status).toBe(200);
    expect((await readWith(chat.environment, app)).status).toBe(403);
  });

  it('once the resource is offline its token is refused: 401', async () => {
    const environment = environmentOf(pid);
    expect((await readWith(environment)).status).toBe(200);
    await cluster.command({ type: 'take-resource-offline', name: app }, 'alice');
    await cluster.waitFor(`${app} Offline`, (state) => resourceState(state, app) === 'Offline');
    const refused = await readWith(environment);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: string }).error).toBe('unauthorized');
  });

  it('moved to the other node, the new process has a new token that works, and the old one stays refused', async () => {
    await cluster.command({ type: 'bring-resource-online', name: app }, 'alice');
    const before = await runningOn(cluster, group, app, 'OSDB_BACK', pid);
    const old = environmentOf(before);
    await cluster.command({ type: 'move-group', name: group, node: 'OSDB_SERV' }, 'alice');
    pid = await runningOn(cluster, group, app, 'OSDB_SERV', before);
    const moved = environmentOf(pid);
    expect(moved.get('WOLFPACK_TOKEN')).not.toBe(old.get('WOLFPACK_TOKEN'));
    expect((await readWith(old)).status).toBe(401);
    expect((await readWith(moved)).status).toBe(200);
    const [read] = await waitUntil(
      "the moved program's read",
      () => notedBy(pid, 'read').length > 0 && notedBy(pid, 'read'),
      20_000,
    );
    expect(read).toMatchObject({ node: 'OSDB_SERV', maxUser: '7' });
  });
});
