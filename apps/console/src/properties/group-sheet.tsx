import { useEffect, useState } from 'react';
import {
  GroupPolicy as GroupPolicySchema,
  type AutoFailback,
  type FailbackWindow,
  type GroupView,
} from '@wolfpack/contracts';
import { client } from '../api/index.ts';
import { useCluster, useGroupView } from '../live/hooks.ts';
import { StateLabel } from '../lists/state-icon.tsx';
import { mayRun } from '../session/roles.ts';
import { useSession } from '../session/session.ts';
import { DependencyGraph } from './dependency-graph.tsx';
import { groupPatch, pruneGroupEdits, type GroupEdits } from './drafts.ts';
import { errorAt, hasErrorUnder } from './field-errors.ts';
import { NumberField, ReadOnlyField, SectionError, SelectField, TextField } from './fields.tsx';
import { PreferredOwnerList } from './preferred-owners.tsx';
import { PropertySheet } from './property-sheet.tsx';
import { useSheetRefusal } from './sheet-refusal.ts';
import { GoneSheet } from './resource-sheet.tsx';
import { byName } from '../lists/compare.ts';

const help = (key: keyof typeof GroupPolicySchema.properties) =>
  (GroupPolicySchema.properties[key] as { description?: string }).description;

/** A group's Properties: General (with ordered preferred owners), Dependencies (its graph), Advanced (failover and failback). */
export function GroupSheet({ name, onClose }: { name: string; onClose(): void }) {
  const view = useGroupView(name).data;
  const cluster = useCluster().data;
  const role = useSession().data?.role;
  const [edits, setEdits] = useState<GroupEdits>({});
  const refusal = useSheetRefusal();
  const { errors, message } = refusal;
  useEffect(() => {
    if (view) setEdits((current) => pruneGroupEdits(view, current));
  }, [view]);
  if (view === null) return <GoneSheet name={name} onClose={onClose} />;
  if (!view || !cluster) return null;
  const readOnly = !mayRun(role, 'set-group-properties');
  const nodes = [...cluster.nodes.keys()].sort();
  const resources = [...cluster.resources.values()].filter((r) => r.group === name);

  const apply = async () => {
    const patch = groupPatch(view, edits);
    if (!patch) return { ok: true };
    try {
      await client.groups.update(name, patch);
      refusal.accepted();
      return { ok: true };
    } catch (error) {
      const fields = refusal.refused(error);
      const general = hasErrorUnder(fields, 'description', 'policy.preferredOwners', 'preferredOwners');
      return { ok: false, showTab: general ? 'general' : Object.keys(fields).length > 0 ? 'advanced' : undefined };
    }
  };

  return (
    <PropertySheet
      title={`${name} Properties`}
      readOnly={readOnly}
      dirty={groupPatch(view, edits) !== undefined}
      onApply={apply}
      onClose={onClose}
      message={message}
      tabs={[
        {
          id: 'general',
          label: 'General',
          invalid: hasErrorUnder(errors, 'description', 'policy.preferredOwners', 'preferredOwners'),
          content: (
            <GroupGeneral
              view={view}
              edits={edits}
              nodes={nodes}
              readOnly={readOnly}
              errors={errors}
              onEdit={setEdits}
            />
          ),
        },
        {
          id: 'dependencies',
          label: 'Dependencies',
          content: (
            <div className="form">
              {resources.length === 0 ? (
                <p className="hint">{name} has no resources.</p>
              ) : (
                <>
                  <table className="simple-table" aria-label={`Resources of ${name} and their dependencies`}>
                    <thead>
                      <tr>
                        <th scope="col">Resource</th>
                        <th scope="col">Depends on</th>
                      </tr>
                    </thead>
                    <tbody>
                      {resources.sort(byName).map((r) => (
                        <tr key={r.name}>
                          <td>{r.name}</td>
                          <td>{r.dependencies.join(', ') || '—'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <DependencyGraph resources={resources} title={`Dependency graph of ${name}`} />
                </>
              )}
            </div>
          ),
        },
        {
          id: 'advanced',
          label: 'Advanced',
          invalid: hasErrorUnder(
            errors,
            'policy',
            'failoverThreshold',
            'failoverPeriodMs',
            'autoFailback',
            'failbackWindow',
          ),
          content: <GroupAdvanced view={view} edits={edits} readOnly={readOnly} errors={errors} onEdit={setEdits} />,
        },
      ]}
    />
  );
}

interface TabProps {
  view: GroupView;
  edits: GroupEdits;
  readOnly: boolean;
  errors: Record<string, string>;
  onEdit(edits: GroupEdits): void;
}

function GroupGeneral({ view, edits, nodes, readOnly, errors, onEdit }: TabProps & { nodes: string[] }) {
  const preferred = (edits.policy?.preferredOwners as string[] | undefined) ?? view.policy.preferredOwners;
  const setPreferred = (list: string[]) => onEdit({ ...edits, policy: { ...edits.policy, preferredOwners: list } });
  const others = nodes.filter((node) => !preferred.includes(node));
  const [choice, setChoice] = useState('');
  const chosen = others.includes(choice) ? choice : (others[0] ?? '');
  return (
    <div className="form">
      <ReadOnlyField label="Name">{view.name}</ReadOnlyField>
      <TextField
        label="Description"
        value={edits.description ?? view.description}
        readOnly={readOnly}
        error={errorAt(errors, 'description')}
        onChange={(description) => onEdit({ ...edits, description })}
      />
      <ReadOnlyField label="State">
        <StateLabel state={view.state} kind="group" />
      </ReadOnlyField>
      <ReadOnlyField label="Owner node">{view.ownerNode ?? '(none)'}</ReadOnlyField>
      <fieldset className="owners">
        <legend>Preferred owners</legend>
        <p className="hint">{help('preferredOwners')}; the group runs on the first one that can take it.</p>
        <PreferredOwnerList
          owners={preferred}
          onChange={setPreferred}
          readOnly={readOnly}
          empty="No preference: any possible owner."
        />
        {!readOnly && others.length > 0 && (
          <div className="add-row">
            <label>
              Add preferred owner{' '}
              <select value={chosen} onChange={(e) => setChoice(e.target.value)}>
                {others.map((node) => (
                  <option key={node} value={node}>
                    {node}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={() => chosen && setPreferred([...preferred, chosen])}>
              Add
            </button>
          </div>
        )}
        <SectionError message={errorAt(errors, 'policy.preferredOwners', 'preferredOwners')} />
      </fieldset>
    </div>
  );
}

function GroupAdvanced({ view, edits, readOnly, errors, onEdit }: TabProps) {
  const policy = { ...view.policy, ...edits.policy };
  const set = (key: string, value: unknown) => onEdit({ ...edits, policy: { ...edits.policy, [key]: value } });
  const error = (key: string) => errorAt(errors, `policy.${key}`, key);
  const window = policy.failbackWindow as FailbackWindow | undefined;
  return (
    <div className="form">
      <h3 className="form-heading">Failover</h3>
      <NumberField
        label="Failover threshold"
        unit="failovers"
        value={policy.failoverThreshold as number | string}
        readOnly={readOnly}
        help={help('failoverThreshold')}
        error={error('failoverThreshold')}
        onChange={(v) => set('failoverThreshold', v)}
      />
      <NumberField
        label="Failover period"
        unit="hours"
        scale={3_600_000}
        value={policy.failoverPeriodMs as number | string}
        readOnly={readOnly}
        help={help('failoverPeriodMs')}
        error={error('failoverPeriodMs')}
        onChange={(v) => set('failoverPeriodMs', v)}
      />
      <h3 className="form-heading">Failback</h3>
      <SelectField<AutoFailback>
        label="Failback"
        value={policy.autoFailback as AutoFailback}
        options={[
          { value: 'Prevent', label: 'Prevent failback' },
          { value: 'Allow', label: 'Allow failback' },
        ]}
        readOnly={readOnly}
        help={help('autoFailback')}
        error={error('autoFailback')}
        onChange={(v) => set('autoFailback', v)}
      />
      {policy.autoFailback === 'Allow' && (
        <>
          <SelectField
            label="When"
            value={window ? 'window' : 'immediately'}
            options={[
              { value: 'immediately', label: 'Immediately' },
              { value: 'window', label: 'Only between these hours' },
            ]}
            readOnly={readOnly}
            onChange={(v) => set('failbackWindow', v === 'window' ? { startHour: 0, endHour: 6 } : undefined)}
          />
          {window && (
            <>
              <NumberField
                label="Failback from hour"
                unit="h (0–23)"
                value={window.startHour}
                readOnly={readOnly}
                error={error('failbackWindow.startHour')}
                onChange={(v) => set('failbackWindow', { ...window, startHour: v })}
              />
              <NumberField
                label="Failback until hour"
                unit="h (0–23)"
                value={window.endHour}
                readOnly={readOnly}
                error={error('failbackWindow.endHour')}
                onChange={(v) => set('failbackWindow', { ...window, endHour: v })}
              />
            </>
          )}
        </>
      )}
    </div>
  );
}
