import {
  CommandError,
  keys,
  type GroupConfig,
  type NodeConfig,
  type ResourceConfig,
  type ResourceTypeManifest,
} from '@wolfpack/contracts';
import type { ClusterState } from '../model/cluster-state.ts';
import { groupResources } from '../model/derived.ts';
import type { Compare, TxnOp } from '@wolfpack/store';
import type { ResourceTypeCatalog } from '../catalog/catalog.ts';

/*
 * What a command handler works with: the cluster state at one revision, and a change set
 * it fills. Every key the decision rests on is guarded (its modRevision as read, or its
 * absence), so the change set commits only if none of them moved since the read.
 */

/** One decision: the state it reads, the keys it guards, the changes it will commit together. */
export class CommandContext {
  readonly #guards = new Map<string, Compare>();
  readonly #changes = new Map<string, TxnOp>();
  readonly #modRevisions: Map<string, number>;

  constructor(
    readonly state: ClusterState,
    modRevisions: Map<string, number>,
    readonly catalog: ResourceTypeCatalog,
    readonly actor: string,
    readonly now: number,
  ) {
    this.#modRevisions = modRevisions;
  }

  /** The decision depends on this key staying as read (or staying absent). */
  guard(key: string): void {
    if (this.#guards.has(key)) return;
    const modRevision = this.#modRevisions.get(key);
    this.#guards.set(
      key,
      modRevision === undefined
        ? { key, target: 'exists', value: false }
        : { key, target: 'modRevision', op: '=', value: modRevision },
    );
  }

  /** Writes a record (JSON) at a key; the key is guarded too. */
  put(key: string, record: unknown): void {
    this.guard(key);
    this.#changes.set(key, { op: 'put', key, value: JSON.stringify(record) });
  }

  /** Deletes a key if it exists. */
  delete(key: string): void {
    this.guard(key);
    if (this.#modRevisions.has(key)) this.#changes.set(key, { op: 'delete', key });
    else this.#changes.delete(key);
  }

  /**
   * Rewrites a key with its current value. Commands that add a member to a group or a
   * reference to a node touch it, so a concurrent command that decided on "no member" or
   * "no reference" (delete-group, rename-node…) fails its guard and looks again.
   */
  touch(key: string, record: unknown): void {
    if (!this.#changes.has(key)) this.put(key, record);
  }

  compares(): Compare[] {
    return [...this.#guards.values()];
  }

  operations(): TxnOp[] {
    return [...this.#changes.values()];
  }

  /** A configured node, guarded (config and status: its state is read from both). */
  node(name: string): NodeConfig {
    this.guard(keys.node(name));
    this.guard(keys.nodeStatus(name));
    const node = this.state.nodes.get(name);
    if (!node) throw new CommandError('not-found', `node ${name} does not exist`);
    return node;
  }

  /**
   * A group, with everything its state and placement are derived from guarded: config,
   * placement, pending move, history, and each of its resources' config and status.
   */
  group(name: string): GroupConfig {
    for (const key of [keys.group(name), keys.placement(name), keys.moveRequest(name), keys.groupHistory(name)])
      this.guard(key);
    const group = this.state.groups.get(name);
    if (!group) throw new CommandError('not-found', `group ${name} does not exist`);
    for (const resource of groupResources(this.state, name)) {
      this.guard(keys.resource(resource.name));
      this.guard(keys.resourceStatus(resource.name));
    }
    return group;
  }

  /** A resource, guarded with its whole group (its rules are the group's). */
  resource(name: string): ResourceConfig {
    this.guard(keys.resource(name));
    this.guard(keys.resourceStatus(name));
    const resource = this.state.resources.get(name);
    if (!resource) throw new CommandError('not-found', `resource ${name} does not exist`);
    this.group(resource.group);
    return resource;
  }

  /** Every node's config and status: for decisions that rank or count nodes. */
  allNodes(): NodeConfig[] {
    for (const name of this.state.nodes.keys()) this.node(name);
    return [...this.state.nodes.values()];
  }

  /** Refuses unless no object of this kind has the name (and guards its absence). */
  requireAbsent(kind: 'node' | 'group' | 'resource', name: string): void {
    const key = kind === 'node' ? keys.node(name) : kind === 'group' ? keys.group(name) : keys.resource(name);
    this.guard(key);
    const map: Map<string, unknown> =
      kind === 'node' ? this.state.nodes : kind === 'group' ? this.state.groups : this.state.resources;
    if (map.has(name)) throw new CommandError('conflict', `a ${kind} named ${name} already exists`);
  }

  /**
   * Nodes that must exist (preferred or possible owners), refused naming the unknown ones.
   * Those not `alreadyReferenced` by the object are touched: a new reference.
   */
  requireNodes(names: readonly string[], path: string, alreadyReferenced: readonly string[] = []): void {
    const missing = names.filter((name) => !this.state.nodes.has(name));
    for (const name of names) this.guard(keys.node(name));
    if (missing.length > 0) {
      const message = `${missing.length === 1 ? 'node' : 'nodes'} ${missing.join(', ')} ${missing.length === 1 ? 'does' : 'do'} not exist`;
      throw new CommandError('not-found', message, [{ path, message }]);
    }
    for (const name of names)
      if (!alreadyReferenced.includes(name)) this.touch(keys.node(name), this.state.nodes.get(name));
  }

  /** A resource type's manifest: built in (the catalog) or registered (the store). */
  manifest(type: string): ResourceTypeManifest | undefined {
    const entry = this.catalog.get(type);
    if (entry) return entry.manifest;
    this.guard(keys.resourceType(type));
    return this.state.resourceTypes.get(type);
  }
}
