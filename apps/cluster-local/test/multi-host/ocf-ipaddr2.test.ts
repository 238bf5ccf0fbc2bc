/*
 * Pacemaker's heartbeat:IPaddr2, unchanged, moving a floating address between hosts
 * (network namespaces on one bridge, etcd and a wolfpackd on each: the multi-host
 * topology), through the built-in "OCF Resource Agent" type: the address answers a client
 * on a fourth host from whichever node owns the group, a removed address is a failure the
 * agent's monitor finds, and offline removes it.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { groupOwner, groupState, readEvents, resourceState } from '@wolfpack/engine';
import { describeWhen } from '@wolfpack/test-requirements';
import { buildOnce } from '../support/local-cluster-run.ts';
import { MultiHostCluster } from './hosts-cluster.ts';
import { createNetwork, removeNetwork, type MultiHostNetwork } from './network.ts';

const vipGroup = 'VIP_GROUP';
const vip = 'Floating VIP';
const address = '10.77.0.101';

describeWhen(['netns', 'etcd', 'ocf'], 'heartbeat:IPaddr2 on three namespace hosts', () => {
  let network: MultiHostNetwork;
  let cluster: MultiHostCluster;

  beforeAll(async () => {
    await buildOnce();
    network = createNetwork();
    cluster = await MultiHostCluster.start(network);
    await cluster.stableOwner(60_000);
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop().catch(() => undefined);
    removeNetwork();
  }, 30_000);

  /** The hosts (by node) whose eth0 holds the address now. */
  const holders = () =>
    cluster.hosts
      .filter((host) =>
        spawnSync('ip', ['-n', host.network.namespace, '-4', '-o', 'addr', 'show', 'dev', 'eth0'], {
          encoding: 'utf8',
        }).stdout.includes(` ${address}/24 `),
      )
      .map((host) => host.node);

  /** The MAC address of a host's eth0. */
  const macOf = (node: string) =>
    /link\/ether ([0-9a-f:]+)/.exec(
      spawnSync('ip', ['-n', cluster.host(node).network.namespace, 'link', 'show', 'eth0'], { encoding: 'utf8' })
        .stdout,
    )?.[1];

  /** Who answers the client host's ARP request for the address: the MAC of the reply, lower case. */
  const answeringMac = () => {
    const reply = spawnSync(
      'ip',
      ['netns', 'exec', network.client.namespace, 'arping', '-c', '1', '-w', '2', '-I', 'eth0', address],
      { encoding: 'utf8' },
    );
    return /reply from [0-9.]+ \[([0-9A-Fa-f:]+)\]/.exec(reply.stdout)?.[1]?.toLowerCase();
  };

  const onlineOn = (node: string) =>
    cluster.waitFor(
      `${vip} Online on ${node}`,
      (s) =>
        groupOwner(s, vipGroup) === node &&
        groupState(s, vipGroup) === 'Online' &&
        resourceState(s, vip) === 'Online' &&
        s.resourceStatuses.get(vip)?.node === node,
      60_000,
    );

  it("brings the address up on the preferred host's eth0, and a client on the LAN reaches it", async () => {
    const first = cluster.hosts[0]!.node;
    await cluster.command({ type: 'create-group', name: vipGroup, policy: { preferredOwners: [first] } });
    await cluster.command({
      type: 'create-resource',
      name: vip,
      group: vipGroup,
      resourceType: 'OCF Resource Agent',
      private: { Agent: 'heartbeat:IPaddr2', Parameters: { ip: address, cidr_netmask: '24', nic: 'eth0' } },
    });
    await cluster.command({ type: 'bring-group-online', name: vipGroup });
    await onlineOn(first);
    expect(holders()).toEqual([first]);
    // A client on the LAN asks who has the address: the first host answers.
    await expect.poll(answeringMac, { timeout: 10_000 }).toBe(macOf(first));
  }, 90_000);

  it('moves it to another host: gone from the first, up on the second, and the client still reaches it', async () => {
    const [first, second] = cluster.hosts.map((host) => host.node);
    await cluster.command({ type: 'move-group', name: vipGroup, node: second });
    await onlineOn(second!);
    expect(holders()).toEqual([second]);
    expect(holders()).not.toContain(first);
    await expect.poll(answeringMac, { timeout: 10_000 }).toBe(macOf(second!));
  }, 90_000);

  it("finds the address removed behind its back (the agent's monitor) and restarts it on the same host", async () => {
    const owner = cluster.hosts[1]!.node;
    const since = (await cluster.waitFor('the state', (s) => s)).revision;
    // Up to the agent's advertised 10 s monitor interval, then IsAlive and the restart.
    spawnSync('ip', ['-n', cluster.host(owner).network.namespace, 'addr', 'del', `${address}/24`, 'dev', 'eth0']);
    expect(holders()).toEqual([]);
    let events: Awaited<ReturnType<typeof readEvents>> = [];
    await expect
      .poll(
        async () => {
          events = await readEvents(cluster.store, { since, object: { kind: 'resource', name: vip } });
          const at = events.findIndex((event) => event.kind === 'restart');
          return at >= 0 && events.slice(at).some((event) => event.to === 'Online');
        },
        { timeout: 90_000, interval: 250 },
      )
      .toBe(true);
    expect(events.find((event) => event.kind === 'restart')).toMatchObject({
      node: owner,
      from: 'Online',
      to: 'Failed',
    });
    expect(holders()).toEqual([owner]);
  }, 120_000);

  it('takes it offline: no host holds the address', async () => {
    await cluster.command({ type: 'take-group-offline', name: vipGroup });
    await cluster.waitFor(`${vip} Offline`, (s) => resourceState(s, vip) === 'Offline', 60_000);
    expect(holders()).toEqual([]);
  }, 90_000);
});
