import type { ResourceConfig, ResourceContext } from '@wolfpack/contracts';
import type { ClusterState } from '../model/cluster-state.ts';

/** A resource's context as the node hands it to its host (the host adds log, reportFailure, publish). */
export type ContextData = Omit<ResourceContext, 'log' | 'reportFailure' | 'publish'>;

export interface ContextSource {
  cluster: string;
  node: string;
  dataDir: string;
  state: ClusterState;
}

export function resourceContext(
  config: ResourceConfig,
  epoch: number,
  { cluster, node, dataDir, state }: ContextSource,
): ContextData {
  return {
    cluster,
    node,
    group: config.group,
    resource: config.name,
    type: config.type,
    epoch,
    properties: config.private,
    providers: config.dependencies.flatMap((name) => {
      const provider = state.resources.get(name);
      return provider ? [{ name, type: provider.type, properties: provider.private }] : [];
    }),
    stateDir: `${dataDir}/nodes/${node}/resources/${config.name}`,
    dataDir,
  };
}
