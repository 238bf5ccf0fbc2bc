import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import {
  CommonProperties,
  GroupPolicy,
  keys,
  type ClusterConfig,
  type GroupConfig,
  type ResourceConfig,
} from '@wolfpack/contracts';
import { executeCommand, mergePrivateProperties, type ResourceTypeCatalog } from '@wolfpack/engine';
import type { ClusterStore, TxnOp } from '@wolfpack/store';

/*
 * The scale point's configuration: N nodes and G groups of five resources that start no
 * process. Per group: two IP Addresses on loopback (only claimed, nothing configured),
 * a Network Name on each (a DNS record the manager answers), and a Disk on a folder of
 * the data dir (a reservation file written with fsync). Commands are measured one by
 * one at the start and at the end; the bulk in between is written directly as the exact
 * records the commands write, in batched transactions.
 */

export const nodeName = (index: number) => `NODE${String(index).padStart(2, '0')}`;
export const groupName = (index: number) => `G${String(index).padStart(4, '0')}`;

/** Loopback address number k (0-based): 127.20.x.y, never the seed cluster's 127.0.x.y. */
const loopback = (k: number) => `127.${20 + Math.floor(k / 62_500)}.${Math.floor(k / 250) % 250}.${(k % 250) + 1}`;

/** The five resources of group `index`, as create-resource commands (dependencies after providers). */
export function groupCommands(index: number, dataDir: string): Record<string, unknown>[] {
  const group = groupName(index);
  const name = group.toLowerCase();
  return [
    {
      type: 'create-resource',
      name: `${group} IP A`,
      group,
      resourceType: 'IP Address',
      private: { Address: loopback(2 * index), Interface: 'lo' },
    },
    {
      type: 'create-resource',
      name: `${group} Name A`,
      group,
      resourceType: 'Network Name',
      dependencies: [`${group} IP A`],
      private: { Name: `${name}-a.scale.test` },
    },
    {
      type: 'create-resource',
      name: `${group} Disk`,
      group,
      resourceType: 'Disk',
      private: { Path: join(dataDir, 'disks', group) },
    },
    {
      type: 'create-resource',
      name: `${group} IP B`,
      group,
      resourceType: 'IP Address',
      private: { Address: loopback(2 * index + 1), Interface: 'lo' },
    },
    {
      type: 'create-resource',
      name: `${group} Name B`,
      group,
      resourceType: 'Network Name',
      dependencies: [`${group} IP B`],
      private: { Name: `${name}-b.scale.test` },
    },
  ];
}

/** Schema defaults of a TypeBox object (what the commands fill in with ajv useDefaults). */
function defaultsOf(schema: { properties: Record<string, { default?: unknown }> }): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema.properties))
    if (property.default !== undefined) result[name] = structuredClone(property.default);
  return result;
}

/** The records create-group, create-resource ×5 and bring-group-online leave in the store for group `index`. */
export function groupRecords(
  index: number,
  dataDir: string,
  catalog: ResourceTypeCatalog,
  now: number,
): { key: string; record: unknown }[] {
  const group: GroupConfig = {
    name: groupName(index),
    description: '',
    persistentState: 'Online',
    policy: defaultsOf(GroupPolicy as never) as GroupPolicy,
  };
  const resources = groupCommands(index, dataDir).map((command): ResourceConfig => {
    const type = String(command.resourceType);
    const manifest = catalog.get(type)?.manifest;
    if (!manifest) throw new Error(`resource type ${type} is not in the catalog`);
    return {
      name: String(command.name),
      group: group.name,
      type,
      description: '',
      persistentState: 'Online',
      dependencies: (command.dependencies as string[] | undefined) ?? [],
      common: defaultsOf(CommonProperties as never) as CommonProperties,
      private: mergePrivateProperties(manifest, {}, command.private as Record<string, unknown>),
      resetAt: now,
    };
  });
  return [
    { key: keys.group(group.name), record: group },
    ...resources.map((resource) => ({ key: keys.resource(resource.name), record: resource })),
  ];
}

export interface ConfigTimings {
  /** Milliseconds per executeCommand near an empty store and near the full configuration. */
  commandMsSmall: number[];
  commandMsFull: number[];
  /** All commands the configuration takes (nodes, groups, resources, bring online). */
  commandCount: number;
  /** The direct write of the bulk: records and milliseconds. */
  directRecords: number;
  directMs: number;
  totalMs: number;
}

/**
 * Write the whole configuration: nodes and the first and last `sampleGroups` groups through
 * executeCommand (timed), the rest as records in transactions of `batch` puts, then the
 * cluster record. Checks that a directly written group equals what the commands wrote.
 */
export async function writeScaleConfig(
  store: ClusterStore,
  catalog: ResourceTypeCatalog,
  options: {
    nodes: number;
    groups: number;
    dataDir: string;
    dnsPort: number;
    leaseTtlMs: number;
    sampleGroups: number;
    batch?: number;
  },
): Promise<ConfigTimings> {
  const started = performance.now();
  const batch = options.batch ?? 500;
  const timings: ConfigTimings = {
    commandMsSmall: [],
    commandMsFull: [],
    commandCount: 0,
    directRecords: 0,
    directMs: 0,
    totalMs: 0,
  };
  const run = async (command: Record<string, unknown>, into: number[]) => {
    const start = performance.now();
    await executeCommand(store, catalog, 'bench', command);
    into.push(performance.now() - start);
  };
  const viaCommands = async (index: number, into: number[]) => {
    await run({ type: 'create-group', name: groupName(index) }, into);
    for (const command of groupCommands(index, options.dataDir)) await run(command, into);
    await run({ type: 'bring-group-online', name: groupName(index) }, into);
  };

  for (let node = 1; node <= options.nodes; node++)
    await run({ type: 'create-node', name: nodeName(node) }, timings.commandMsSmall);
  const sample = Math.min(options.sampleGroups, Math.floor(options.groups / 2));
  for (let index = 1; index <= sample; index++) await viaCommands(index, timings.commandMsSmall);
  await checkRecordShapes(store, catalog, options.dataDir);

  const directStart = performance.now();
  let ops: TxnOp[] = [];
  const flush = async () => {
    if (ops.length === 0) return;
    await store.txn({ compare: [], success: ops });
    timings.directRecords += ops.length;
    ops = [];
  };
  const now = Date.now();
  for (let index = sample + 1; index <= options.groups - sample; index++) {
    for (const { key, record } of groupRecords(index, options.dataDir, catalog, now)) {
      ops.push({ op: 'put', key, value: JSON.stringify(record) });
      if (ops.length >= batch) await flush();
    }
  }
  await flush();
  timings.directMs = performance.now() - directStart;

  for (let index = options.groups - sample + 1; index <= options.groups; index++)
    await viaCommands(index, timings.commandMsFull);
  const config: ClusterConfig = {
    name: 'SCALE_CLUS',
    description: `Scale point: ${options.nodes} nodes, ${options.groups} groups of 5 resources`,
    nodeLeaseTtlMs: options.leaseTtlMs,
    dnsAddress: '127.0.0.1',
    dnsPort: options.dnsPort,
    createdAt: Date.now(),
  };
  await store.put(keys.cluster, JSON.stringify(config));
  timings.commandCount = options.nodes + options.groups * 7;
  timings.totalMs = performance.now() - started;
  return timings;
}

/** The records written by the commands for group 1 must be exactly what groupRecords builds. */
async function checkRecordShapes(store: ClusterStore, catalog: ResourceTypeCatalog, dataDir: string): Promise<void> {
  for (const { key, record } of groupRecords(1, dataDir, catalog, 0)) {
    const stored = await store.get(key);
    if (!stored) throw new Error(`scale config: ${key} was not written by the commands`);
    const written = JSON.parse(stored.value) as Record<string, unknown>;
    const expected = { ...(record as Record<string, unknown>) };
    if ('resetAt' in expected) expected.resetAt = written.resetAt;
    if (!isDeepStrictEqual(written, expected)) {
      throw new Error(
        `scale config: the direct record for ${key} differs from the command's:\n${JSON.stringify(expected)}\n${JSON.stringify(written)}`,
      );
    }
  }
}
