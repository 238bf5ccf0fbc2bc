import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { buildPanels } from '../../../packages/admin-sdk/build-panels.mjs';
import { greetingFrom } from '../../../e2e/support/chat-client.ts';
import { repositoryRoot } from '../../../e2e/support/cluster.ts';
import { RunningCli, runCli, startCluster, temporaryHome, type CliCluster } from './harness.ts';

/*
 * Running the paper's demo from a shell: status, Move Group (dry run, --wait, a wait
 * that times out), MaxUser of "Chat Server" refused and accepted, the event log followed
 * live, status --watch. One seed cluster for the file, as `npm start` runs it.
 */

let seed: CliCluster;
const home = temporaryHome();
const env = () => ({ ...home.env, WOLFPACK_URL: seed.url, WOLFPACK_TOKEN: seed.token });
const cli = (...args: string[]) => runCli(args, { env: env() });

beforeAll(async () => {
  seed = await startCluster();
}, 90_000);

afterAll(async () => {
  await seed?.cluster.stop();
  home.remove();
}, 60_000);

const owner = async () => (await seed.admin.groups.get('SOCKET_GROUP')).ownerNode;
const otherNode = (node: string | null) => (node === 'OSDB_SERV' ? 'OSDB_BACK' : 'OSDB_SERV');

describe('wolfpack status', () => {
  it('shows the cluster, its nodes, the group and each resource with state and owner', async () => {
    const result = await cli('status');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^Cluster INS_CLUS: 2 of 2 nodes up, 1 of 1 groups online/);
    expect(lines).toContainEqual(expect.stringMatching(/^OSDB_SERV\s+Up\s/));
    expect(lines).toContainEqual(expect.stringMatching(/^OSDB_BACK\s+Up\s/));
    expect(lines).toContainEqual(expect.stringMatching(/^SOCKET_GROUP\s+Online\s+OSDB_SERV$/));
    for (const resource of ['Chat Disk', 'Chat IP Address', 'Chat Network Name', 'Chat Server']) {
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^  ${resource}\\s+Online\\s+OSDB_SERV\\s+\\S`)));
    }
    expect(result.stderr).toBe('');
  });

  it('--json prints the API\'s reply unchanged, for jq', async () => {
    const result = await cli('status', '--json');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as Awaited<ReturnType<typeof seed.admin.cluster.get>>;
    const fromApi = await seed.admin.cluster.get();
    expect(Object.keys(printed).sort()).toEqual(Object.keys(fromApi).sort());
    expect(printed.name).toBe('INS_CLUS');
    expect(printed.groups.map((group) => [group.name, group.state, group.ownerNode])).toEqual([['SOCKET_GROUP', 'Online', 'OSDB_SERV']]);
    expect(printed.resources.find((resource) => resource.name === 'Chat Server')?.privateProperties).toEqual(
      fromApi.resources.find((resource) => resource.name === 'Chat Server')?.privateProperties,
    );
  });
});

describe('wolfpack group move', () => {
  it('--dry-run prints the plan, the stages of the console\'s Move dialog, and moves nothing', async () => {
    const from = await owner();
    const to = otherNode(from);
    const result = await cli('group', 'move', 'SOCKET_GROUP', '--node', to, '--dry-run');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`SOCKET_GROUP moves from ${from} to ${to}: 4 resources go offline, 4 come online.`);
    expect(result.stdout).toMatch(new RegExp(`1\\. Take offline on ${from}: Chat Server\\n`));
    expect(result.stdout).toMatch(new RegExp(`Bring online on ${to}: Chat Server\\n`));
    expect(result.stdout).toContain('Nothing was changed (dry run).');
    expect(await owner()).toBe(from);
  });

  it('--wait follows the move step by step; then a new chat connection is greeted by OSDB_BACK', async () => {
    expect(await owner()).toBe('OSDB_SERV');
    const result = await cli('group', 'move', 'SOCKET_GROUP', '--node', 'OSDB_BACK', '--wait');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^moving SOCKET_GROUP to OSDB_BACK\nSOCKET_GROUP on OSDB_BACK after \d+\.\d s\n$/);
    // The steps under way, with the time taken: the old node letting go, the new one starting.
    expect(result.stderr).toMatch(/Chat Server OfflinePending on OSDB_SERV\s+\d+\.\d s/);
    expect(result.stderr).toMatch(/OnlinePending on OSDB_BACK\s+\d+\.\d s/);
    const { line, client } = await greetingFrom(seed.cluster.chatAddress, seed.cluster.chatPort);
    client.close();
    expect(line).toBe('WELCOME to SOCKET_GROUP on OSDB_BACK');
    expect((await seed.admin.groups.get('SOCKET_GROUP')).state).toBe('Online');
  });

  it('--wait gives up with exit 3 after --timeout, saying where the move is', async () => {
    const to = otherNode(await owner());
    const result = await cli('group', 'move', 'SOCKET_GROUP', '--node', to, '--wait', '--timeout', '0.05');
    expect(result.code).toBe(3);
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(new RegExp(`^timed out after 0\\.05 s waiting for SOCKET_GROUP on ${to}; now: `));
    // The move itself goes on: the same command with time to spare sees it through.
    const finished = await cli('group', 'move', 'SOCKET_GROUP', '--node', to, '--wait');
    expect(finished.code, finished.stderr).toBe(0);
  });
});

describe('wolfpack resource set', () => {
  it('MaxUser=11 is refused with exit 2 naming the field, and nothing changes', async () => {
    const before = (await seed.admin.resources.get('Chat Server')).privateProperties;
    const result = await cli('resource', 'set', 'Chat Server', 'MaxUser=11');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('private.MaxUser: MaxUser must be <= 10\n');
    expect((await seed.admin.resources.get('Chat Server')).privateProperties).toEqual(before);
  });

  it('MaxUser=5 stores the number 5, typed by the resource type\'s schema', async () => {
    const result = await cli('resource', 'set', 'Chat Server', 'MaxUser=5');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('changed Chat Server: MaxUser=5\n');
    expect((await seed.admin.resources.get('Chat Server')).privateProperties.MaxUser).toBe(5);
    const read = await cli('resource', 'get', 'Chat Server', 'MaxUser', '--json');
    expect(JSON.parse(read.stdout)).toBe(5);
  });

  it('a common property goes in common; a value that is not a number is refused before sending', async () => {
    expect((await cli('resource', 'set', 'Chat Server', 'restartThreshold=2')).code).toBe(0);
    expect((await seed.admin.resources.get('Chat Server')).commonProperties.restartThreshold).toBe(2);
    const result = await cli('resource', 'set', 'Chat Server', 'MaxUser=many');
    expect(result).toMatchObject({ code: 2, stderr: 'private.MaxUser: "many" is not a whole number\n' });
  });
});

describe('following the cluster live', () => {
  it('events --follow prints a change within 1 s of it being made', async () => {
    const follow = new RunningCli(['events', '--follow', '--limit', '1'], env());
    try {
      await follow.until(({ stderr }) => stderr.includes('following the event log'));
      const made = performance.now();
      await seed.admin.nodes.pause('OSDB_SERV');
      const seen = await follow.until(({ stdout }) => /paused node OSDB_SERV {2}\(admin\)/.test(stdout), 5000);
      expect(seen - made).toBeLessThan(1000);
      await follow.until(({ stdout }) => stdout.includes('node OSDB_SERV is Paused'), 5000);
    } finally {
      await seed.admin.nodes.resume('OSDB_SERV');
      expect(await follow.stop()).toBe(0);
    }
  });

  it('status --watch redraws the screen when the cluster changes', async () => {
    const watch = new RunningCli(['status', '--watch'], env());
    try {
      await watch.until(({ stdout }) => stdout.includes('live · Ctrl-C to stop'));
      await seed.admin.nodes.pause('OSDB_BACK');
      await watch.until(({ stdout }) => /^OSDB_BACK\s+Paused\s/m.test(stdout), 5000);
      await seed.admin.nodes.resume('OSDB_BACK');
      await watch.until(({ stdout }) => /OSDB_BACK\s+Paused[\s\S]*OSDB_BACK\s+Up\s/.test(stdout), 5000);
    } finally {
      expect(await watch.stop()).toBe(0);
    }
  });
});

describe('wolfpack type register', () => {
  it('registers a built type package from its folder (regcladm), refuses a folder without one, and unregisters it', async () => {
    const example = join(repositoryRoot, 'examples', 'third-party-type');
    await buildPanels({ quiet: true });
    const registered = await cli('type', 'register', example);
    expect(registered.stderr).toBe('');
    expect(registered).toMatchObject({ code: 0, stdout: 'Registered resource type Greeting Server 1.0.0 with its console panel\n' });
    expect((await seed.admin.resourceTypes.get('Greeting Server')).builtIn).toBe(false);
    const shown = await cli('type', 'show', 'Greeting Server');
    expect(shown.stdout).toMatch(/^Greeting\s+string\s+Hello from Wolfpack\s/m);

    const empty = home.dir;
    const refused = await cli('type', 'register', empty);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/manifest\.json/);

    expect((await cli('type', 'unregister', 'Greeting Server')).code).toBe(0);
    expect((await seed.admin.resourceTypes.list()).map((type) => type.name)).not.toContain('Greeting Server');
  });
});
