import type { CommonProperties, GroupPolicy, PersistentState, Placement, ResourceState } from '@wolfpack/contracts';
import { emptyClusterState, type ClusterState } from '../../src/model/cluster-state.ts';

/*
 * A small fluent builder of ClusterState fixtures for policy and model tests: plain
 * data, MSCS defaults, nothing started.
 */

export const defaultCommon: CommonProperties = {
  restartAction: 'RestartAndFailover',
  restartThreshold: 3,
  restartPeriodMs: 900_000,
  restartDelayMs: 0,
  pendingTimeoutMs: 180_000,
  looksAlivePollIntervalMs: 5_000,
  isAlivePollIntervalMs: 60_000,
  deadlockTimeoutMs: 300_000,
  separateMonitor: false,
};

export const defaultPolicy: GroupPolicy = {
  preferredOwners: [],
  failoverThreshold: 10,
  failoverPeriodMs: 6 * 3600_000,
  autoFailback: 'Prevent',
};

export interface NodeOptions {
  /** Default 'Up'. 'Down' leaves out the node status. */
  state?: 'Up' | 'Down' | 'Paused' | 'Joining';
  /** When its agent started (default 0). */
  startedAt?: number;
}

export interface ResourceOptions {
  dependencies?: string[];
  possibleOwners?: string[];
  persistentState?: PersistentState;
  common?: Partial<CommonProperties>;
  type?: string;
}

export interface StatusOptions {
  node: string;
  state: ResourceState;
  epoch?: number;
  failures?: number[];
  failoverRequested?: boolean;
  since?: number;
  reason?: string;
}

export class ClusterBuilder {
  readonly state: ClusterState = emptyClusterState();

  constructor(revision = 100) {
    this.state.revision = revision;
  }

  node(name: string, options: NodeOptions = {}): this {
    const nodeState = options.state ?? 'Up';
    this.state.nodes.set(name, { name, description: '', paused: nodeState === 'Paused' });
    if (nodeState === 'Down') this.state.nodeStatuses.delete(name);
    else {
      this.state.nodeStatuses.set(name, {
        name,
        phase: nodeState === 'Joining' ? 'Joining' : 'Up',
        pid: 1000,
        hostname: 'localhost',
        startedAt: options.startedAt ?? 0,
        leaseTtlMs: 1000,
      });
    }
    return this;
  }

  nodes(...names: string[]): this {
    for (const name of names) this.node(name);
    return this;
  }

  group(name: string, policy: Partial<GroupPolicy> = {}, persistentState: PersistentState = 'Online'): this {
    this.state.groups.set(name, { name, description: '', persistentState, policy: { ...defaultPolicy, ...policy } });
    return this;
  }

  resource(name: string, group: string, options: ResourceOptions = {}): this {
    this.state.resources.set(name, {
      name,
      group,
      type: options.type ?? 'Generic Application',
      description: '',
      persistentState: options.persistentState ?? 'Online',
      dependencies: options.dependencies ?? [],
      ...(options.possibleOwners ? { possibleOwners: options.possibleOwners } : {}),
      common: { ...defaultCommon, ...options.common },
      private: {},
    });
    return this;
  }

  place(group: string, node: string, epoch = 1, reason: Placement['reason'] = 'initial'): this {
    this.state.placements.set(group, { group, node, epoch, reason, at: 0 });
    return this;
  }

  status(resource: string, options: StatusOptions): this {
    const group = this.state.resources.get(resource)?.group ?? 'unknown';
    this.state.resourceStatuses.set(resource, {
      name: resource,
      group,
      node: options.node,
      epoch: options.epoch ?? this.state.placements.get(group)?.epoch ?? 0,
      state: options.state,
      since: options.since ?? 0,
      failures: options.failures ?? [],
      ...(options.reason !== undefined ? { reason: options.reason } : {}),
      ...(options.failoverRequested !== undefined ? { failoverRequested: options.failoverRequested } : {}),
    });
    return this;
  }

  /** Every resource of the group reports `state` from the group's placement node. */
  groupStatus(group: string, state: ResourceState): this {
    const placement = this.state.placements.get(group);
    if (!placement) throw new Error(`group ${group} has no placement`);
    for (const resource of this.state.resources.values()) {
      if (resource.group === group) this.status(resource.name, { node: placement.node, state });
    }
    return this;
  }

  history(group: string, failovers: number[], failedOn?: string): this {
    this.state.groupHistories.set(group, { group, failovers, ...(failedOn ? { failedOn } : {}) });
    return this;
  }

  move(group: string, node?: string, requestedBy = 'admin'): this {
    this.state.moveRequests.set(group, { group, ...(node ? { node } : {}), requestedBy, at: 0 });
    return this;
  }

  build(): ClusterState {
    return this.state;
  }
}

export const cluster = (revision?: number): ClusterBuilder => new ClusterBuilder(revision);
