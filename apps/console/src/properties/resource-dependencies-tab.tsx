import { useState } from 'react';
import type { ResourceView } from '@wolfpack/contracts';
import { DependencyGraph } from './dependency-graph.tsx';
import { errorAt } from './field-errors.ts';
import { SectionError } from './fields.tsx';
import type { ResourceEdits } from './drafts.ts';

interface Props {
  view: ResourceView;
  edits: ResourceEdits;
  /** Every resource of the group, live. */
  groupResources: ResourceView[];
  readOnly: boolean;
  errors: Record<string, string>;
  onEdit(edits: ResourceEdits): void;
}

/**
 * Dependencies: the resources this one needs online first (within its group), with Add
 * and Remove; a cycle is the server's to refuse, and its reason shows here. The group's
 * graph shows the dependencies as they would be after Apply.
 */
export function ResourceDependenciesTab({ view, edits, groupResources, readOnly, errors, onEdit }: Props) {
  const dependencies = edits.dependencies ?? view.dependencies;
  const candidates = groupResources
    .filter((r) => r.name !== view.name && !dependencies.includes(r.name))
    .map((r) => r.name)
    .sort();
  const [choice, setChoice] = useState('');
  const chosen = candidates.includes(choice) ? choice : (candidates[0] ?? '');
  const typeOf = (name: string) => groupResources.find((r) => r.name === name)?.type ?? '';
  const graph = groupResources.map((r) => (r.name === view.name ? { ...r, dependencies } : r));
  const error = errorAt(errors, 'dependencies', 'provider');
  return (
    <div className="form dependencies-tab">
      <p className="hint">
        Resources that must be online before {view.name} can come online (in group {view.group}).
      </p>
      <table className="simple-table" aria-label={`Dependencies of ${view.name}`}>
        <thead>
          <tr>
            <th scope="col">Resource</th>
            <th scope="col">Resource Type</th>
            {!readOnly && (
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {dependencies.length === 0 && (
            <tr>
              <td colSpan={3} className="hint">
                {view.name} depends on no other resource.
              </td>
            </tr>
          )}
          {dependencies.map((name) => (
            <tr key={name}>
              <td>{name}</td>
              <td>{typeOf(name)}</td>
              {!readOnly && (
                <td>
                  <button
                    type="button"
                    aria-label={`Remove dependency on ${name}`}
                    onClick={() => onEdit({ ...edits, dependencies: dependencies.filter((d) => d !== name) })}
                  >
                    Remove
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {!readOnly && (
        <div className="add-row">
          <label>
            Add dependency on{' '}
            <select value={chosen} onChange={(e) => setChoice(e.target.value)} disabled={candidates.length === 0}>
              {candidates.length === 0 && <option value="">(no other resources in the group)</option>}
              {candidates.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            disabled={!chosen}
            onClick={() => chosen && onEdit({ ...edits, dependencies: [...dependencies, chosen] })}
          >
            Add
          </button>
        </div>
      )}
      <SectionError message={error} />
      <DependencyGraph resources={graph} title={`Dependency graph of ${view.group}`} highlight={view.name} />
    </div>
  );
}
