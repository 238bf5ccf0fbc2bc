import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { builtInTypeEntries } from '@wolfpack/built-in-types';
import { keys } from '@wolfpack/contracts';
import {
  createCatalog,
  followClusterState,
  nodeState,
  readEvents,
  type ClusterState,
  type StateFollower,
} from '@wolfpack/engine';
import { leaderOf, type ClusterStore } from '@wolfpack/store';
import { openEmbeddedStore } from '@wolfpack/store-embedded';
import { milestones, type MilestoneResult } from './milestones.ts';
import { cpuTimeMs, killClusterProcesses, onEmergencyExit, processTree, residentKiB } from './processes.ts';
import { AgentSupervisor, type AgentCrash } from './scale-agents.ts';
import { nodeName, writeScaleConfig, type ConfigTimings } from './scale-config.ts';

export interface ScaleSettings {
  nodes: number;
  groups: number;
  leaseTtlMs: number;
  /** Start agents one at a time, each after the previous one is Up. */
  stagger: boolean;
  /** Give up on a phase (startup, failover) after this long. */
  timeoutMs: number;
  logDir?: string;
  /** CPU profile of NODE01 (into <logDir>/profiles). */
  profile?: boolean;
  log(message: string): void;
}

export interface ScaleRun {
  config: ConfigTimings;
  /** ms after the first agent started: nodesUp, placed, online. */
  startup: MilestoneResult;
  /** ms after the kill: placed (elsewhere), online (elsewhere); absent when startup did not finish. */
  failover?: MilestoneResult & { victim: string; victimGroups: number; manager: string };
  rssPerNodeMiB: number[];
  agentRssMiB: number[];
  hostRssMiB: number[];
  idleCpuPercent: number;
  storeBytes: { db: number; wal: number };
  fencings: number;
  worstLateMs: number;
  crashes: AgentCrash[];
  loadAverage: { before: number; after: number };
  /** Store writes (revisions) from the agents' start to the end of the startup phase, and how long that was. */
  startupWrites: number;
  startupMs: number;
  /** Resource failures logged during startup, by reason (names, paths and numbers blanked). */
  failureReasons: Map<string, number>;
}

/** Failed events after a revision, counted by their reason with the specifics blanked out. */
async function failureReasons(store: ClusterStore, since: number): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const event of await readEvents(store, { since })) {
    if (event.to !== 'Failed') continue;
    const reason = (event.reason ?? event.message)
      .replace(/\/\S+/g, '<path>')
      .replace(/G\d{4}( (IP|Name) [AB]| Disk)?/g, '<resource>')
      .replace(/\d+/g, 'N')
      .split(';')[0]!
      .slice(0, 110);
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return counts;
}

/** Resources Online on their group's placement node (of these groups, or all). */
export function onlineCount(state: ClusterState, groups?: Set<string>): number {
  let online = 0;
  for (const status of state.resourceStatuses.values()) {
    if (status.state !== 'Online' || (groups && !groups.has(status.group))) continue;
    if (state.placements.get(status.group)?.node === status.node) online += 1;
  }
  return online;
}

const fileSize = (path: string) => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One scale run on a fresh data dir; every process it started is gone when it returns. */
export async function scaleRun(settings: ScaleSettings): Promise<ScaleRun> {
  const { log } = settings;
  const dataDir = mkdtempSync(join(tmpdir(), 'wolfpack-scale-'));
  const forget = onEmergencyExit(() => {
    killClusterProcesses(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });
  let agents: AgentSupervisor | undefined;
  let store: ClusterStore | undefined;
  let follower: StateFollower | undefined;
  const loadBefore = loadavg()[0]!;
  try {
    store = await openEmbeddedStore({ path: join(dataDir, 'cluster.db') });
    const catalog = createCatalog(builtInTypeEntries());
    const nodes = Array.from({ length: settings.nodes }, (_, index) => nodeName(index + 1));
    const dnsPort = 40_000 + Math.floor(Math.random() * 20_000);
    const config = await writeScaleConfig(store, catalog, { ...settings, dataDir, dnsPort, sampleGroups: 5 });
    log(
      `scale: configuration written in ${(config.totalMs / 1000).toFixed(1)} s; starting ${settings.nodes} agents${settings.stagger ? ' one at a time' : ''}`,
    );

    const live = (follower = await followClusterState(store, { onChange: () => undefined }));
    const totalResources = settings.groups * 5;
    const progress = (state: ClusterState) => {
      const up = nodes.filter((node) => nodeState(state, node) === 'Up').length;
      return `${up}/${settings.nodes} nodes Up, ${state.placements.size}/${settings.groups} groups placed, ${onlineCount(state)}/${totalResources} resources Online`;
    };
    const profileArgs =
      settings.profile && settings.logDir ? ['--cpu-prof', `--cpu-prof-dir=${join(settings.logDir, 'profiles')}`] : [];
    const supervisor = (agents = new AgentSupervisor({
      dataDir,
      log,
      nodeArgs: { [nodes[0]!]: profileArgs },
      ...(settings.logDir ? { logDir: settings.logDir } : {}),
    }));
    const revisionAtStart = await store.revision();
    const started = performance.now();
    for (const node of nodes) {
      supervisor.start(node);
      if (settings.stagger)
        await milestones(
          () => live.state,
          supervisor,
          log,
          performance.now(),
          { up: (state) => nodeState(state, node) === 'Up' },
          60_000,
          progress,
        );
    }
    const startup = await milestones(
      () => live.state,
      supervisor,
      log,
      started,
      {
        nodesUp: (state) => nodes.every((node) => nodeState(state, node) === 'Up'),
        placed: (state) => state.placements.size === settings.groups,
        online: (state) => onlineCount(state) === totalResources,
      },
      settings.timeoutMs,
      progress,
    );
    const startupMs = performance.now() - started;
    const startupWrites = (await store.revision()) - revisionAtStart;
    const reasons = await failureReasons(store, revisionAtStart);
    log(
      startup.timedOut
        ? `scale: startup did not finish: ${startup.timedOut}`
        : `scale: all ${totalResources} resources Online ${(startup.reached.online! / 1000).toFixed(1)} s after the first agent started`,
    );

    // Steady state (or what startup reached): memory and CPU of every node (agent + resource host).
    if (!startup.timedOut) await pause(3000);
    const running = supervisor.agents;
    const trees = running.map((agent) => processTree(agent.child.pid!));
    const cpuBefore = trees.flat().reduce((sum, pid) => sum + cpuTimeMs(pid), 0);
    const windowStart = performance.now();
    await pause(5000);
    const cpuAfter = trees.flat().reduce((sum, pid) => sum + cpuTimeMs(pid), 0);
    const idleCpuPercent = ((cpuAfter - cpuBefore) / (performance.now() - windowStart)) * 100;
    const agentRssMiB = running.map((agent) => residentKiB(agent.child.pid!) / 1024);
    const hostRssMiB = trees.map(
      (tree, index) =>
        tree.filter((pid) => pid !== running[index]!.child.pid).reduce((sum, pid) => sum + residentKiB(pid), 0) / 1024,
    );
    const rssPerNodeMiB = agentRssMiB.map((agent, index) => agent + hostRssMiB[index]!);

    let failover: ScaleRun['failover'];
    if (!startup.timedOut) {
      // kill -9 one node agent: the one running the most groups, not the manager's if another runs any.
      const manager = (await leaderOf(store, keys.managerElection))?.value ?? '?';
      const byNode = new Map<string, Set<string>>();
      for (const placement of live.state.placements.values())
        byNode.set(placement.node, (byNode.get(placement.node) ?? new Set()).add(placement.group));
      const ranked = [...byNode].sort((a, b) => b[1].size - a[1].size);
      const [victim, victimGroups] = ranked.find(([node]) => node !== manager) ?? ranked[0]!;
      log(`scale: kill -9 ${victim} (${victimGroups.size} groups; the manager runs on ${manager})`);
      const killStart = performance.now();
      supervisor.kill(victim);
      const away = (state: ClusterState) =>
        [...victimGroups].filter((group) => (state.placements.get(group)?.node ?? victim) !== victim).length;
      const result = await milestones(
        () => live.state,
        supervisor,
        log,
        killStart,
        {
          placed: (state) => away(state) === victimGroups.size,
          online: (state) =>
            away(state) === victimGroups.size && onlineCount(state, victimGroups) === victimGroups.size * 5,
        },
        settings.timeoutMs,
        (state) =>
          `${away(state)}/${victimGroups.size} groups placed elsewhere, ${onlineCount(state, victimGroups)}/${victimGroups.size * 5} resources Online`,
      );
      failover = { ...result, victim, victimGroups: victimGroups.size, manager };
      log(
        result.timedOut
          ? `scale: failover did not finish: ${result.timedOut}`
          : `scale: ${victim}'s groups placed elsewhere after ${result.reached.placed!.toFixed(0)} ms, Online after ${result.reached.online!.toFixed(0)} ms`,
      );
    }
    return {
      config,
      startup,
      ...(failover ? { failover } : {}),
      rssPerNodeMiB,
      agentRssMiB,
      hostRssMiB,
      idleCpuPercent,
      storeBytes: { db: fileSize(join(dataDir, 'cluster.db')), wal: fileSize(join(dataDir, 'cluster.db-wal')) },
      fencings: supervisor.fencings,
      worstLateMs: supervisor.worstLateMs,
      crashes: supervisor.crashes,
      loadAverage: { before: loadBefore, after: loadavg()[0]! },
      startupWrites,
      startupMs,
      failureReasons: reasons,
    };
  } finally {
    await follower?.stop().catch(() => undefined);
    // Nothing to keep: kill -9 is quickest, and the resource hosts die with their agents.
    await agents?.stopAll(settings.profile ? 'SIGTERM' : 'SIGKILL').catch(() => undefined);
    await store?.close().catch(() => undefined);
    const leftovers = killClusterProcesses(dataDir);
    if (leftovers > 0) log(`scale: killed ${leftovers} leftover processes`);
    rmSync(dataDir, { recursive: true, force: true });
    forget();
  }
}
