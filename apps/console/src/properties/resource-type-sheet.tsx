import { useResourceTypeView } from '../live/hooks.ts';
import { ReadOnlyField } from './fields.tsx';
import { ReadOnlySheet } from './property-sheet.tsx';
import { GoneSheet } from './resource-sheet.tsx';

interface SchemaProperty {
  type?: string;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
}

/** A resource type's Properties: version, panel, control codes and its private property schema. */
export function ResourceTypeSheet({ name, onClose }: { name: string; onClose(): void }) {
  const view = useResourceTypeView(name).data;
  if (view === null) return <GoneSheet name={name} onClose={onClose} />;
  if (!view) return null;
  const properties = Object.entries(
    (view.propertySchema as { properties?: Record<string, SchemaProperty> })?.properties ?? {},
  );
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
              <ReadOnlyField label="Version">{view.version}</ReadOnlyField>
              <ReadOnlyField label="Description">{view.description || '—'}</ReadOnlyField>
              <ReadOnlyField label="Origin">{view.builtIn ? 'Built in' : 'Registered'}</ReadOnlyField>
              <ReadOnlyField label="Admin panel">
                {view.panelUrl
                  ? `${view.panelUrl}${view.consoleApi ? ` (console API ${view.consoleApi})` : ''}`
                  : 'None: a form is generated from its schema'}
              </ReadOnlyField>
              <ReadOnlyField label="Required dependencies">{view.requiredDependencies.join(', ') || '—'}</ReadOnlyField>
              <ReadOnlyField label="Control codes">
                {view.controlCodes.map((c) => `${c.code} (${c.description})`).join('; ') || '—'}
              </ReadOnlyField>
            </div>
          ),
        },
        {
          id: 'parameters',
          label: 'Parameters',
          content: (
            <table className="simple-table" aria-label={`Private properties of ${name}`}>
              <thead>
                <tr>
                  <th scope="col">Property</th>
                  <th scope="col">Type</th>
                  <th scope="col">Default</th>
                  <th scope="col">Description</th>
                </tr>
              </thead>
              <tbody>
                {properties.map(([key, p]) => (
                  <tr key={key}>
                    <td>{key}</td>
                    <td>
                      {p.enum ? p.enum.join(' | ') : (p.type ?? '')}
                      {p.minimum !== undefined || p.maximum !== undefined
                        ? ` (${p.minimum ?? ''}..${p.maximum ?? ''})`
                        : ''}
                    </td>
                    <td>{p.default === undefined ? '' : JSON.stringify(p.default)}</td>
                    <td>{p.description ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ),
        },
      ]}
    />
  );
}
