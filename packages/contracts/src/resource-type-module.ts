import type { FieldError } from './errors.ts';
import type { PublishedRecord } from './records.ts';
import type { ResourceApiAccess } from './resource-credential.ts';

/*
 * The engine side of a resource type: the Wolfpack counterpart of an MSCS resource DLL.
 * The module runs inside a resource host process; every call is timed out by the agent.
 */

/** A resource this one depends on, as its type module sees it. */
export interface ProviderInfo {
  name: string;
  type: string;
  /** The provider's private properties with defaults applied. */
  properties: Record<string, unknown>;
}

export interface ResourceContext {
  cluster: string;
  node: string;
  group: string;
  resource: string;
  type: string;
  /** The group's placement epoch; a stale epoch must not write shared state. */
  epoch: number;
  /** Private properties, defaults applied, validated. */
  properties: Record<string, unknown>;
  /** Direct dependencies of this resource. */
  providers: ProviderInfo[];
  /** Node-local scratch folder for this resource (created). */
  stateDir: string;
  /** Cluster data folder (embedded mode: where disks live by default). */
  dataDir: string;
  /**
   * The resource's own cluster API: hand it to the processes you start (the resource SDK's
   * supervised process takes it as `clusterApi`) so they can read their properties and
   * follow changes. Absent when no API server has advertised itself.
   */
  clusterApi?: ResourceApiAccess;
  /**
   * The capabilities the type's manifest declares (e.g. CAP_NET_BIND_SERVICE): hand them to
   * the processes you start (the SDK's `capabilities`). On a node running as root they are
   * the only ones those processes keep; absent or empty means none.
   */
  capabilities?: string[];
  log(message: string): void;
  /** Report a failure noticed between calls (a process exit): the agent acts at once. */
  reportFailure(reason: string): void;
  /** Records to publish while online (e.g. a DNS name). Replaces earlier ones. */
  publish(records: PublishedRecord[]): void;
}

export interface ResourceInstance {
  /** Bring online; resolve when online, reject on failure. */
  online(): Promise<void>;
  /** Take offline gracefully. */
  offline(): Promise<void>;
  /** Stop at once, no grace: used for failures and fencing. Must not throw. */
  terminate(): Promise<void>;
  /** Cheap, frequent check. */
  looksAlive(): Promise<boolean>;
  /** Thorough, less frequent check. */
  isAlive(): Promise<boolean>;
  /** A type-specific control code (e.g. the chat server's `connected-users`). */
  control?(code: string, input: unknown): Promise<unknown>;
  /** Apply changed private properties while online; return false if a restart is needed. */
  applyProperties?(properties: Record<string, unknown>): Promise<boolean>;
}

export interface ValidationContext {
  resource: string;
  group: string;
  providers: ProviderInfo[];
}

export interface ResourceTypeModule {
  /** Extra checks beyond the property schema; each error names its field. */
  validate?(properties: Record<string, unknown>, context: ValidationContext): FieldError[];
  create(context: ResourceContext): ResourceInstance;
}
