import type { DialogRequest } from '../app/dialogs.tsx';
import { ClusterSheet } from './cluster-sheet.tsx';
import { GroupSheet } from './group-sheet.tsx';
import { NodeSheet } from './node-sheet.tsx';
import { ResourceSheet } from './resource-sheet.tsx';
import { ResourceTypeSheet } from './resource-type-sheet.tsx';

/** The Properties dialog of any cluster object. */
export function PropertiesDialog({ target, onClose }: { target: Extract<DialogRequest, { type: 'properties' }>['target']; onClose(): void }) {
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
