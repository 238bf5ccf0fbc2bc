import type { ResourceView } from '@wolfpack/contracts';
import { StateLabel } from '../lists/state-icon.tsx';
import { errorAt } from './field-errors.ts';
import { ReadOnlyField, SectionError, TextField } from './fields.tsx';
import type { ResourceEdits } from './drafts.ts';

interface Props {
  view: ResourceView;
  edits: ResourceEdits;
  nodes: string[];
  readOnly: boolean;
  errors: Record<string, string>;
  onEdit(edits: ResourceEdits): void;
}

/** General: name, description, type, group, state, owner, and the possible owners. */
export function ResourceGeneralTab({ view, edits, nodes, readOnly, errors, onEdit }: Props) {
  const owners = edits.possibleOwners ?? view.possibleOwners;
  const toggleOwner = (node: string, on: boolean) =>
    onEdit({
      ...edits,
      possibleOwners: on ? nodes.filter((n) => n === node || owners.includes(n)) : owners.filter((n) => n !== node),
    });
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
      <ReadOnlyField label="Resource type">{view.type}</ReadOnlyField>
      <ReadOnlyField label="Group">{view.group}</ReadOnlyField>
      <ReadOnlyField label="State">
        <StateLabel state={view.state} kind="resource" />
        {view.reason ? <span className="hint"> — {view.reason}</span> : null}
      </ReadOnlyField>
      <ReadOnlyField label="Owner node">{view.ownerNode ?? '(none)'}</ReadOnlyField>
      <fieldset className="owners" aria-invalid={errorAt(errors, 'possibleOwners') ? true : undefined}>
        <legend>Possible owners</legend>
        <p className="hint">Nodes this resource may run on; its group only runs where every resource may.</p>
        {nodes.map((node) => (
          <label key={node} className="checkbox-label">
            <input
              type="checkbox"
              disabled={readOnly}
              checked={owners.includes(node)}
              onChange={(e) => toggleOwner(node, e.target.checked)}
            />
            {node}
          </label>
        ))}
        <SectionError message={errorAt(errors, 'possibleOwners')} />
      </fieldset>
    </div>
  );
}
