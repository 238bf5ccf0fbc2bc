import { sourceLiteral } from './source-literal.ts';
import { sampleValue } from './engine-template.ts';
import type { ParameterSpec, TypeSpec } from './type-spec.ts';

/*
 * src/panel.tsx and test/panel.test.tsx of a generated type: the console panel (the MSCS
 * Cluster Administrator extension), one field per parameter laid out with the admin
 * SDK's components, on the Parameters tab and on a New Resource wizard page.
 */

const literal = sourceLiteral;

function fieldSource(parameter: ParameterSpec): string {
  const { name } = parameter;
  // Names are identifiers and type names ObjectNames: plain JSX attribute strings, no escapes needed.
  const common = `label="${name}" name="${name}" error={error(${literal(name)})}`;
  if (parameter.kind === 'boolean') {
    return `<Checkbox ${common} checked={values.${name} === true} onChange={(value) => setValue(${literal(name)}, value)} />`;
  }
  if (parameter.kind === 'string') {
    return `<TextField ${common} value={textFieldValue(values.${name})} onChange={(value) => setValue(${literal(name)}, value)} />`;
  }
  const bounds = [
    parameter.minimum !== undefined ? `min={${parameter.minimum}}` : '',
    parameter.maximum !== undefined ? `max={${parameter.maximum}}` : '',
    parameter.kind === 'number' ? `step="any"` : '',
  ].filter(Boolean);
  return `<NumberField ${common} ${bounds.join(' ')}${bounds.length ? ' ' : ''}value={numberFieldValue(values.${name})} onChange={(value) => setValue(${literal(name)}, value)} />`;
}

export function panelSource(spec: TypeSpec): string {
  const kinds = new Set(spec.parameters.map((parameter) => parameter.kind));
  const components = [
    kinds.has('boolean') ? 'Checkbox' : '',
    kinds.has('integer') || kinds.has('number') ? 'NumberField' : '',
    'PanelForm',
    'Section',
    spec.parameters.length === 0 ? 'StatusText' : '',
    kinds.has('string') ? 'TextField' : '',
    'definePanel',
    kinds.has('integer') || kinds.has('number') ? 'numberFieldValue' : '',
    kinds.has('string') ? 'textFieldValue' : '',
    'useParametersForm',
  ].filter(Boolean);
  const required = spec.parameters
    .filter((parameter) => parameter.default === undefined)
    .map((parameter) => parameter.name);
  const fields = spec.parameters.map((parameter) => `      ${fieldSource(parameter)}`).join('\n');
  const validate =
    required.length === 0
      ? ''
      : `
      // Parameters without a default must be given before the resource is created.
      validate: (values) =>
        ${literal(required)}
          .filter((name) => values[name] === undefined || values[name] === '')
          .map((name) => ({ path: name, message: \`\${name} is required\` })),`;
  const body =
    spec.parameters.length === 0
      ? `function Parameters() {
  const form = useParametersForm();
  return (
    <PanelForm form={form} label="${spec.name} parameters">
      <Section title="Parameters">
        <StatusText>This type has no parameters yet: add them to manifest.json and to this panel.</StatusText>
      </Section>
    </PanelForm>
  );
}

export default definePanel({ Parameters });
`
      : `/** The fields of the parameters, bound to a form's values: the Parameters tab and the wizard page show the same. */
function ParameterFields({ values, setValue, error }: Pick<WizardPageProps, 'values' | 'setValue' | 'error'>) {
  return (
    <>
${fields}
    </>
  );
}

/** The Parameters tab of the resource's Properties: Apply and OK in the console save it. */
function Parameters() {
  const form = useParametersForm();
  return (
    <div className="wp-form">
      <PanelForm form={form} label="${spec.name} parameters">
        <Section title="Parameters">
          <ParameterFields values={form.values} setValue={form.setValue} error={form.error} />
        </Section>
      </PanelForm>
    </div>
  );
}

/** The page this type adds to the console's New Resource wizard, after the common pages. */
function WizardPage({ values, setValue, error }: WizardPageProps) {
  return <ParameterFields values={values} setValue={setValue} error={error} />;
}

export default definePanel({
  Parameters,
  wizardPages: [
    {
      id: 'parameters',
      title: ${literal(spec.name)},
      Component: WizardPage,${validate}
    },
  ],
});
`;
  return `import {
${components.map((name) => `  ${name},`).join('\n')}${spec.parameters.length > 0 ? '\n  type WizardPageProps,' : ''}
} from '@wolfpack/admin-sdk';

/*
 * The console panel of the "${spec.name}" resource type. \`npm run build\` builds it into
 * dist/panel.mjs with the admin SDK's preset: React and the SDK are the console's own at
 * run time, so this file imports them but the built module carries neither.
 */

${body}`;
}

/** The role and accessible name a parameter's field has in the DOM, and the value it shows at first. */
function fieldQuery(parameter: ParameterSpec): { role: string; shown: string } {
  const sample = sampleValue(parameter);
  if (parameter.kind === 'boolean') return { role: 'checkbox', shown: String(sample) };
  return { role: parameter.kind === 'string' ? 'textbox' : 'spinbutton', shown: String(sample) };
}

function parameterAssertions(spec: TypeSpec): string {
  return spec.parameters
    .map((parameter) => {
      const { role, shown } = fieldQuery(parameter);
      const lines = [
        `    const ${parameter.name}Field = screen.getByRole(${literal(role)}, { name: ${literal(parameter.name)} }) as HTMLInputElement;`,
      ];
      lines.push(
        role === 'checkbox'
          ? `    expect(${parameter.name}Field.checked).toBe(${shown});`
          : `    expect(${parameter.name}Field.value).toBe(${literal(shown)});`,
      );
      if (parameter.minimum !== undefined)
        lines.push(`    expect(${parameter.name}Field.min).toBe(${literal(String(parameter.minimum))});`);
      if (parameter.maximum !== undefined)
        lines.push(`    expect(${parameter.name}Field.max).toBe(${literal(String(parameter.maximum))});`);
      return lines.join('\n');
    })
    .join('\n');
}

function boundTest(spec: TypeSpec): string {
  const bounded = spec.parameters.find((parameter) => parameter.maximum !== undefined);
  if (!bounded) return '';
  const above = bounded.maximum! + 1;
  return `
  it('says at the field that ${bounded.name} above ${bounded.maximum} is refused, and saves nothing', async () => {
    const saveProperties = vi.fn(async () => ({}));
    const Parameters = panel.Parameters!;
    mount(<Parameters />, saveProperties);
    const field = screen.getByRole('spinbutton', { name: ${literal(bounded.name)} });
    fireEvent.change(field, { target: { value: '${above}' } });
    expect(screen.getByText('${bounded.name} must be <= ${bounded.maximum}')).toBeTruthy();
    fireEvent.submit(screen.getByRole('form', { name: ${literal(`${spec.name} parameters`)} }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(saveProperties).not.toHaveBeenCalled();
  });
`;
}

/** A value the test types into a field: another one than it shows (an unchanged box fires no change), inside its range. */
function otherValue(parameter: ParameterSpec): string | number {
  const shown = sampleValue(parameter);
  if (parameter.kind === 'string') return `${String(shown)} changed`;
  const inRange = (value: number) =>
    (parameter.minimum === undefined || value >= parameter.minimum) &&
    (parameter.maximum === undefined || value <= parameter.maximum);
  return (
    [Number(shown) - 1, Number(shown) + 1, parameter.minimum, parameter.maximum].find(
      (value) => value !== undefined && value !== shown && inRange(value),
    ) ?? Number(shown)
  );
}

function wizardTest(spec: TypeSpec): string {
  const [first] = spec.parameters;
  if (!first) return '';
  const required = spec.parameters.find((parameter) => parameter.default === undefined);
  const { role } = fieldQuery(first);
  const change =
    first.kind === 'boolean'
      ? `fireEvent.click(screen.getByRole('checkbox', { name: ${literal(first.name)} }));\n    expect(setValue).toHaveBeenCalledWith(${literal(first.name)}, ${!(sampleValue(first) as boolean)});`
      : `fireEvent.change(screen.getByRole(${literal(role)}, { name: ${literal(first.name)} }), { target: { value: ${literal(String(otherValue(first)))} } });\n    expect(setValue).toHaveBeenCalledWith(${literal(first.name)}, ${literal(otherValue(first))});`;
  const requiredCheck = required
    ? `
  it('does not let the wizard go on without ${required.name}', () => {
    expect(page.validate?.({ ...properties, ${required.name}: undefined })).toEqual([{ path: ${literal(required.name)}, message: '${required.name} is required' }]);
    expect(page.validate?.(properties)).toEqual([]);
  });
`
    : '';
  return `
describe('the New Resource wizard page', () => {
  const page = panel.wizardPages![0]!;

  it('shows the parameters and hands each change to the wizard', () => {
    const setValue = vi.fn();
    const Page = page.Component;
    render(<Page type={type} values={properties} setValue={setValue} error={() => undefined} canEdit />);
    ${change}
  });
${requiredCheck}});
`;
}

export function panelTestSource(spec: TypeSpec): string {
  const properties = Object.fromEntries(spec.parameters.map((parameter) => [parameter.name, sampleValue(parameter)]));
  const shows =
    spec.parameters.length === 0
      ? `    expect(screen.getByText(/no parameters yet/)).toBeTruthy();`
      : parameterAssertions(spec);
  return `// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReactNode } from 'react';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PanelHostProvider } from '@wolfpack/admin-sdk';
import type { ResourceTypeManifest, ResourceTypeView, ResourceView } from '@wolfpack/contracts';
import panel from '../src/panel.tsx';

// The panel as the console mounts it: inside a PanelHostProvider, on this type's manifest.

afterEach(cleanup);

const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'manifest.json'), 'utf8')) as ResourceTypeManifest;
const type: ResourceTypeView = {
  name: manifest.name,
  version: manifest.version,
  description: manifest.description,
  builtIn: false,
  propertySchema: manifest.propertySchema,
  controlCodes: manifest.controlCodes,
  requiredDependencies: manifest.requiredDependencies,
};
const properties: Record<string, unknown> = ${literal(properties)};
const resource: ResourceView = {
  name: 'Test resource',
  description: '',
  group: 'TEST_GROUP',
  type: manifest.name,
  state: 'Online',
  ownerNode: 'OSDB_SERV',
  persistentState: 'Online',
  dependencies: [],
  possibleOwners: ['OSDB_SERV', 'OSDB_BACK'],
  commonProperties: {
    restartAction: 'RestartAndFailover',
    restartThreshold: 3,
    restartPeriodMs: 900000,
    restartDelayMs: 0,
    pendingTimeoutMs: 180000,
    looksAlivePollIntervalMs: 5000,
    isAlivePollIntervalMs: 60000,
    deadlockTimeoutMs: 300000,
    separateMonitor: false,
  },
  privateProperties: properties,
};

function mount(children: ReactNode, saveProperties = vi.fn(async () => ({}))) {
  return render(
    <PanelHostProvider resource={resource} type={type} canEdit saveProperties={saveProperties} control={vi.fn(async () => undefined)}>
      {children}
    </PanelHostProvider>,
  );
}

describe('the Parameters tab', () => {
  it('shows each parameter with its value and bounds', () => {
    const Parameters = panel.Parameters!;
    mount(<Parameters />);
${shows}
  });
${boundTest(spec)}});
${wizardTest(spec)}`;
}
