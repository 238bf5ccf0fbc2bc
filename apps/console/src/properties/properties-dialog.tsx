import type { CommandTarget } from '../actions/command.ts';
import { ClusterSheet } from './cluster-sheet.tsx';
import { GroupSheet } from './group-sheet.tsx';
import { NodeSheet } from './node-sheet.tsx';
import { ResourceSheet } from './resource-sheet.tsx';
import { ResourceTypeSheet } from './resource-type-sheet.tsx';

/** What has a Properties dialog: the cluster and its objects. */
export type PropertiesTarget = CommandTarget & { kind: 'cluster' | 'group' | 'resource' | 'node' | 'resourceType' };

/** The Properties dialog of any cluster object. */
export function PropertiesDialog({ target, onClose }: { target: PropertiesTarget; onClose(): void }) {
  switch (target.kind) {
    case 'cluster':
      return <ClusterSheet name={target.name} onClose={onClose} />;
    case 'resource':
      return <ResourceSheet key={target.name} name={target.name} onClose={onClose} />;
    case 'group':
      return <GroupSheet key={target.name} name={target.name} onClose={onClose} />;
    case 'node':
      return <NodeSheet key={target.name} name={target.name} onClose={onClose} />;
    case 'resourceType':
      return <ResourceTypeSheet key={target.name} name={target.name} onClose={onClose} />;
  }
}
