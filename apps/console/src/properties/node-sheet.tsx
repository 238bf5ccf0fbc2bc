import { useCluster, useNodeView } from '../live/hooks.ts';
import { StateLabel } from '../lists/state-icon.tsx';
import { ReadOnlyField } from './fields.tsx';
import { ReadOnlySheet } from './property-sheet.tsx';
import { GoneSheet } from './resource-sheet.tsx';

/** A node's Properties: what it is and what runs on it (nothing here is edited). */
export function NodeSheet({ name, onClose }: { name: string; onClose(): void }) {
  const view = useNodeView(name).data;
  const cluster = useCluster().data;
  if (view === null) return <GoneSheet name={name} onClose={onClose} />;
  if (!view || !cluster) return null;
  const groups = [...cluster.groups.values()]
    .filter((g) => g.ownerNode === name)
    .map((g) => g.name)
    .sort();
  return (
    <ReadOnlySheet
      title={`${name} Properties`}
      onClose={onClose}
      tabs={[
        {
          id: 'general',
          label: 'General',
          content: (
            <div className="form">
              <ReadOnlyField label="Name">{view.name}</ReadOnlyField>
              <ReadOnlyField label="Description">{view.description || '—'}</ReadOnlyField>
              <ReadOnlyField label="State">
                <StateLabel state={view.state} kind="node" />
              </ReadOnlyField>
              <ReadOnlyField label="Paused">{view.paused ? 'Yes: it takes no new groups' : 'No'}</ReadOnlyField>
              <ReadOnlyField label="Host">
                {view.hostname ?? '—'}
                {view.pid ? ` (process ${view.pid})` : ''}
              </ReadOnlyField>
              <ReadOnlyField label="Up since">
                {view.upSince ? new Date(view.upSince).toLocaleString() : '—'}
              </ReadOnlyField>
              <ReadOnlyField label="Heartbeat lease TTL">
                {view.leaseTtlMs ? `${view.leaseTtlMs} ms (as it joined)` : '—'}
              </ReadOnlyField>
              <ReadOnlyField label="Active groups">{groups.join(', ') || '—'}</ReadOnlyField>
            </div>
          ),
        },
      ]}
    />
  );
}
