import { builtInTypeEntries } from '@wolfpack/built-in-types';
import { keys, type ClusterSnapshot, type ResourceTypeManifest } from '@wolfpack/contracts';
import {
  byName,
  clusterSnapshot,
  createClusterCatalog,
  emptyClusterState,
  loadClusterState,
  type ClusterState,
  type ResourceTypeCatalog,
  type TypeViewOptions,
} from '@wolfpack/engine';
import type { ClusterStore } from '@wolfpack/store';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ChangeFeed } from '../../live/change-feed.ts';
import { withBuiltInPanels } from '../../resource-types/index.ts';

/*
 * The server's window on the cluster: the store, the resource type catalog, and a
 * ClusterState kept current by following the store (reads cost no store round trip).
 * A route that changed something waits until the followed state has its write, so a
 * client reads its own writes. The follower is the live hub's change feed too: the
 * server follows the store once.
 */

/** The immutable URL of a type's panel module: a new version is a new URL, so it caches forever. */
export function panelUrlOf(manifest: Pick<ResourceTypeManifest, 'name' | 'version'>): string {
  return `/api/v1/resource-types/${encodeURIComponent(manifest.name)}/${encodeURIComponent(manifest.version)}/panel.mjs`;
}

/** View options every client of this server sees: panel URLs served by this server. */
export const typeViewOptions: TypeViewOptions = { panelUrl: panelUrlOf };

export interface ClusterAccess {
  store: ClusterStore;
  catalog: ResourceTypeCatalog;
  /** The one follower of the store: REST reads its state, the live hub its changes. */
  follower: ChangeFeed;
  /** The followed state (do not mutate). */
  state(): ClusterState;
  /**
   * The state including `revision`: the followed one once it gets there, or after
   * timeoutMs (default 300) the state read whole — a command that changed no state key
   * (a repeated Take Offline) never shows in the follower.
   */
  stateAt(revision: number, timeoutMs?: number): Promise<ClusterState>;
  /** GET /cluster: the whole cluster at the followed revision. */
  snapshot(): ClusterSnapshot;
  /** Every object of one kind as clients see it, in name order (the list routes). */
  list<T>(
    names: (state: ClusterState) => Iterable<string>,
    view: (state: ClusterState, name: string) => T | undefined,
  ): T[];
  /** True while the follower works (health). */
  healthy(): boolean;
}

export interface ClusterPluginOptions {
  store: ClusterStore;
  /** Default: built-in types plus those registered in the store. */
  catalog?: ResourceTypeCatalog;
  /** Where registered types' engine modules are written for the child processes that run their validate(). */
  moduleDir: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    cluster: ClusterAccess;
  }
}

/** Decorates `app.cluster`; stops following on close. */
export const clusterPlugin = fp(
  async (app: FastifyInstance, options: ClusterPluginOptions) => {
    const { store } = options;
    let failed: Error | undefined;
    const waiters = new Set<{ revision: number; resolve: (state: ClusterState | undefined) => void }>();
    // The catalog reads registered types from the follower's state, and the follower's views
    // need the catalog: until the first read is in, the catalog sees an empty state.
    let followed: ChangeFeed | undefined;
    const catalog = withBuiltInPanels(
      options.catalog ??
        createClusterCatalog({
          builtIns: builtInTypeEntries(),
          store,
          state: () => followed?.state ?? emptyClusterState(),
          moduleDir: options.moduleDir,
        }),
    );
    const follower = await ChangeFeed.start({
      store,
      catalog,
      typeViewOptions,
      onApplied: (state, events) => {
        failed = undefined;
        // A type unregistered or replaced: its module files here go too.
        if (events.some((event) => event.kv.key.startsWith(keys.resourceTypes))) pruneTypeModules();
        for (const waiter of waiters) if (state.revision >= waiter.revision) waiter.resolve(state);
      },
      onError: (error) => {
        // A compaction only costs a reread; anything else leaves the state behind until it works again.
        if ((error as { code?: string }).code !== 'compacted') failed = error;
        app.log.error({ err: error }, 'following the cluster store failed');
      },
    });
    followed = follower;
    function pruneTypeModules(): void {
      try {
        catalog.prune?.();
      } catch (error) {
        app.log.warn({ err: error }, 'removing resource type module files failed');
      }
    }

    const stateAt = async (revision: number, timeoutMs = 300): Promise<ClusterState> => {
      if (follower.state.revision >= revision) return follower.state;
      let timer: NodeJS.Timeout | undefined;
      const reached = await new Promise<ClusterState | undefined>((resolve) => {
        const waiter = {
          revision,
          resolve: (state: ClusterState | undefined) => {
            waiters.delete(waiter);
            clearTimeout(timer);
            resolve(state);
          },
        };
        waiters.add(waiter);
        timer = setTimeout(() => waiter.resolve(undefined), timeoutMs);
      });
      // A write that changed no state key never shows in the follower: read it whole.
      return reached ?? loadClusterState(store);
    };

    const access: ClusterAccess = {
      store,
      catalog,
      follower,
      state: () => follower.state,
      stateAt,
      snapshot: () => clusterSnapshot(follower.state, catalog, typeViewOptions),
      list: (names, view) => {
        const state = follower.state;
        return [...names(state)].sort(byName).flatMap((name) => view(state, name) ?? []);
      },
      healthy: () => failed === undefined,
    };
    app.decorate('cluster', access);
    app.addHook('onClose', async () => {
      for (const waiter of waiters) waiter.resolve(follower.state);
      await follower.stop();
      catalog.close?.();
    });
  },
  { name: 'wolfpack-cluster', fastify: '5.x' },
);
