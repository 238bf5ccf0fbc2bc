import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '@wolfpack/client';
import type { ClusterProperties, SetClusterPropertiesBody } from '@wolfpack/contracts';
import { client } from '../api/index.ts';
import { queryKeys } from '../live/query-keys.ts';
import { mayRun } from '../session/roles.ts';
import { useSession } from '../session/session.ts';
import { clusterPatch, type ClusterEdits } from './drafts.ts';
import { errorAt, hasErrorUnder } from './field-errors.ts';
import { NumberField, ReadOnlyField, TextField } from './fields.tsx';
import { PropertySheet, ReadOnlySheet, type ApplyOutcome } from './property-sheet.tsx';
import { useSheetRefusal } from './sheet-refusal.ts';

/** What each setting does and when a change takes effect, shown under its field. */
export const clusterHelp = {
  nodeLeaseTtlMs:
    'How long a node that stops renewing its heartbeat lease stays Up before it counts as Down and its groups fail over ' +
    '(500–600000 ms). A change applies to each node when its wolfpackd next starts: running nodes keep the lease they ' +
    'joined with. On etcd it is rounded up to whole seconds.',
  dnsAddress:
    'The IPv4 address the cluster answers DNS queries for its network names on. The failover manager moves there at once.',
  dnsPort: "The UDP port of the cluster's DNS responder (1–65535). The failover manager moves there at once.",
} as const;

/** The cluster's Properties (the root of the tree): read when opened, saved with PATCH /cluster. */
export function ClusterSheet({ name, onClose }: { name: string; onClose(): void }) {
  const role = useSession().data?.role;
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: queryKeys.clusterProperties,
    queryFn: () => client.cluster.properties(),
    staleTime: 0,
  });
  if (!query.data) {
    if (!query.isError) return null;
    return (
      <ReadOnlySheet
        title={`${name} Properties`}
        onClose={onClose}
        message={errorMessage(query.error)}
        tabs={[
          {
            id: 'general',
            label: 'General',
            content: <p className="hint">The properties of {name} could not be read.</p>,
          },
        ]}
      />
    );
  }
  const save = async (patch: SetClusterPropertiesBody) => {
    const saved = await client.cluster.update(patch);
    queryClient.setQueryData(queryKeys.clusterProperties, saved);
    return saved;
  };
  return (
    <ClusterPropertiesSheet
      properties={query.data}
      readOnly={!mayRun(role, 'set-cluster-properties')}
      save={save}
      onClose={onClose}
    />
  );
}

export interface ClusterPropertiesSheetProps {
  properties: ClusterProperties;
  /** Viewers and operators see the values with Close only. */
  readOnly: boolean;
  /** Sends the changed fields; throws the server's refusal (a WolfpackError with field errors). */
  save(patch: SetClusterPropertiesBody): Promise<ClusterProperties>;
  onClose(): void;
}

/**
 * The sheet itself, given the record and how to save it: General (name, description)
 * and Advanced (heartbeat lease TTL, DNS address and port). A refused field shows the
 * server's message at the field, and its page is marked and shown.
 */
export function ClusterPropertiesSheet({ properties, readOnly, save, onClose }: ClusterPropertiesSheetProps) {
  const [edits, setEdits] = useState<ClusterEdits>({});
  const refusal = useSheetRefusal();
  const { errors, message } = refusal;
  const patch = clusterPatch(properties, edits);
  const advancedFields = ['nodeLeaseTtlMs', 'dnsAddress', 'dnsPort'];

  const apply = async (): Promise<ApplyOutcome> => {
    if (!patch) return { ok: true };
    try {
      await save(patch);
      setEdits({});
      refusal.accepted();
      return { ok: true };
    } catch (error) {
      const fields = refusal.refused(error);
      const named = Object.keys(fields).length > 0;
      return { ok: false, showTab: hasErrorUnder(fields, 'description') ? 'general' : named ? 'advanced' : undefined };
    }
  };
  const set = (field: keyof ClusterEdits) => (value: string | number) =>
    setEdits((current) => ({ ...current, [field]: value }));

  return (
    <PropertySheet
      title={`${properties.name} Properties`}
      readOnly={readOnly}
      dirty={patch !== undefined}
      onApply={apply}
      onClose={onClose}
      message={message}
      tabs={[
        {
          id: 'general',
          label: 'General',
          invalid: hasErrorUnder(errors, 'description'),
          content: (
            <div className="form">
              <ReadOnlyField label="Name">{properties.name}</ReadOnlyField>
              <TextField
                label="Description"
                value={edits.description ?? properties.description}
                readOnly={readOnly}
                error={errorAt(errors, 'description')}
                onChange={set('description')}
              />
              <ReadOnlyField label="Created">{new Date(properties.createdAt).toLocaleString()}</ReadOnlyField>
            </div>
          ),
        },
        {
          id: 'advanced',
          label: 'Advanced',
          invalid: hasErrorUnder(errors, ...advancedFields),
          content: (
            <div className="form">
              <h3 className="form-heading">Heartbeat</h3>
              <NumberField
                label="Heartbeat lease TTL"
                unit="ms"
                value={edits.nodeLeaseTtlMs ?? properties.nodeLeaseTtlMs}
                readOnly={readOnly}
                help={clusterHelp.nodeLeaseTtlMs}
                error={errorAt(errors, 'nodeLeaseTtlMs')}
                onChange={set('nodeLeaseTtlMs')}
              />
              <h3 className="form-heading">Name service (DNS)</h3>
              <TextField
                label="DNS address"
                value={edits.dnsAddress ?? properties.dnsAddress}
                readOnly={readOnly}
                help={clusterHelp.dnsAddress}
                error={errorAt(errors, 'dnsAddress')}
                onChange={set('dnsAddress')}
              />
              <NumberField
                label="DNS port"
                value={edits.dnsPort ?? properties.dnsPort}
                readOnly={readOnly}
                help={clusterHelp.dnsPort}
                error={errorAt(errors, 'dnsPort')}
                onChange={set('dnsPort')}
              />
            </div>
          ),
        },
      ]}
    />
  );
}
