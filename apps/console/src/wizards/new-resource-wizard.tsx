import { useState } from 'react';
import type { FieldError } from '@wolfpack/contracts';
import { errorMessage } from '@wolfpack/client';
import { client } from '../api/index.ts';
import { useNotify } from '../app/notifications.tsx';
import { useCluster } from '../live/hooks.ts';
import { useWizardPages, wizardDefaults } from '../panels/index.ts';
import { errorAt, fieldErrorsByPath, fieldErrorsOf, normaliseFieldPath } from '../properties/field-errors.ts';
import { CheckboxField, SectionError, SelectField, TextField } from '../properties/fields.tsx';
import { Wizard, type WizardStep } from './wizard.tsx';
import { byName } from '../lists/compare.ts';

/**
 * New Resource: name, type and group; possible owners; dependencies; then the pages the
 * type's panel adds (or a page generated from its property schema). Finish creates the
 * resource Offline; a refusal goes back to the page of the first bad field.
 */
export function NewResourceWizard({
  group: initialGroup,
  onClose,
  onCreated,
}: {
  group?: string;
  onClose(): void;
  onCreated(name: string): void;
}) {
  const cluster = useCluster().data;
  const notify = useNotify();
  const groups = cluster ? [...cluster.groups.keys()].sort() : [];
  const types = cluster ? [...cluster.resourceTypes.values()].sort(byName) : [];
  const nodes = cluster ? [...cluster.nodes.keys()].sort() : [];
  const [step, setStep] = useState(0);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [typeName, setTypeName] = useState(types[0]?.name ?? '');
  const [group, setGroup] = useState(initialGroup ?? groups[0] ?? '');
  const [separateMonitor, setSeparateMonitor] = useState(false);
  const [owners, setOwners] = useState<string[]>(nodes);
  const [dependencies, setDependencies] = useState<string[]>([]);
  const [values, setValues] = useState<Record<string, unknown>>({});
  const [pageErrors, setPageErrors] = useState<FieldError[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [finishing, setFinishing] = useState(false);
  const type = cluster?.resourceTypes.get(typeName);
  const typePages = useWizardPages(typeName || undefined);
  const groupResources = cluster
    ? [...cluster.resources.values()].filter((r) => r.group === group && r.name !== name).sort(byName)
    : [];
  const missingRequired = (type?.requiredDependencies ?? []).filter(
    (required) => !dependencies.some((d) => cluster?.resources.get(d)?.type === required),
  );

  const changeType = (next: string) => {
    setTypeName(next);
    setValues({});
    setPageErrors([]);
  };

  const finish = async () => {
    const all = typePages.validateAll(values);
    if (all.length > 0) {
      setPageErrors(all);
      setMessage('Some parameters are not valid.');
      return;
    }
    setFinishing(true);
    try {
      await client.resources.create({
        name: name.trim(),
        group,
        resourceType: typeName,
        ...(description ? { description } : {}),
        dependencies,
        possibleOwners: owners,
        ...(separateMonitor ? { common: { separateMonitor } } : {}),
        private: { ...wizardDefaults(type), ...values },
      });
      notify({
        tone: 'info',
        title: `Resource ${name.trim()} created in ${group}`,
        message: 'It is Offline: bring it online when ready.',
      });
      onCreated(name.trim());
    } catch (error) {
      const fields = fieldErrorsByPath(error);
      setErrors(fields);
      setPageErrors(fieldErrorsOf(error).filter((field) => normaliseFieldPath(field.path).startsWith('private')));
      setMessage(errorMessage(error));
      const paths = Object.keys(fields);
      const firstPage = paths.some((p) => /^(name|description|group|resourceType|common)/.test(p))
        ? 0
        : paths.some((p) => p.startsWith('possibleOwners'))
          ? 1
          : paths.some((p) => p.startsWith('dependencies'))
            ? 2
            : paths.some((p) => p.startsWith('private'))
              ? 3
              : step;
      setStep(firstPage);
      setFinishing(false);
    }
  };

  const steps: WizardStep[] = [
    {
      id: 'name',
      title: 'Name and type',
      check: () =>
        name.trim() === ''
          ? 'Give the resource a name.'
          : !typeName
            ? 'Choose a resource type.'
            : !group
              ? 'Choose a group (create one first).'
              : cluster?.resources.has(name.trim())
                ? `A resource named ${name.trim()} already exists.`
                : undefined,
      content: (
        <div className="form">
          <TextField
            label="Name"
            value={name}
            onChange={setName}
            error={errorAt(errors, 'name')}
            help="Letters, digits, spaces, _ . or -"
          />
          <TextField
            label="Description"
            value={description}
            onChange={setDescription}
            error={errorAt(errors, 'description')}
          />
          <SelectField
            label="Resource type"
            value={typeName}
            options={types.map((t) => ({ value: t.name, label: t.name }))}
            onChange={changeType}
            error={errorAt(errors, 'resourceType')}
            help={type?.description}
          />
          <SelectField
            label="Group"
            value={group}
            options={groups.map((g) => ({ value: g, label: g }))}
            onChange={(g) => {
              setGroup(g);
              setDependencies([]);
            }}
            error={errorAt(errors, 'group')}
          />
          <CheckboxField
            label="Run this resource in a separate resource host"
            checked={separateMonitor}
            onChange={setSeparateMonitor}
            error={errorAt(errors, 'common.separateMonitor')}
          />
        </div>
      ),
    },
    {
      id: 'owners',
      title: 'Possible owners',
      check: () => (owners.length === 0 ? 'Choose at least one node the resource may run on.' : undefined),
      content: (
        <fieldset className="owners">
          <legend>Possible owners</legend>
          {nodes.map((node) => (
            <label key={node} className="checkbox-label">
              <input
                type="checkbox"
                checked={owners.includes(node)}
                onChange={(e) =>
                  setOwners(
                    e.target.checked
                      ? nodes.filter((n) => n === node || owners.includes(n))
                      : owners.filter((n) => n !== node),
                  )
                }
              />
              {node}
            </label>
          ))}
          <SectionError message={errorAt(errors, 'possibleOwners')} />
        </fieldset>
      ),
    },
    {
      id: 'dependencies',
      title: 'Dependencies',
      content: (
        <fieldset className="owners">
          <legend>Resources in {group || 'the group'} this one depends on</legend>
          {groupResources.length === 0 && <p className="hint">The group has no other resources.</p>}
          {groupResources.map((r) => (
            <label key={r.name} className="checkbox-label">
              <input
                type="checkbox"
                checked={dependencies.includes(r.name)}
                onChange={(e) =>
                  setDependencies(
                    e.target.checked ? [...dependencies, r.name] : dependencies.filter((d) => d !== r.name),
                  )
                }
              />
              {r.name} <span className="hint">({r.type})</span>
            </label>
          ))}
          {missingRequired.length > 0 && (
            <p className="hint">
              A {typeName} needs a dependency on: {missingRequired.join(', ')}.
            </p>
          )}
          <SectionError message={errorAt(errors, 'dependencies')} />
        </fieldset>
      ),
    },
  ];
  if (typePages.loading)
    steps.push({
      id: 'loading',
      title: 'Parameters',
      content: <p role="status">Loading the {typeName} panel…</p>,
      check: () => 'The panel is still loading.',
    });
  for (const page of typePages.pages) {
    steps.push({
      id: page.key,
      title: page.title,
      check: () => {
        const found = page.validate(values);
        setPageErrors(found);
        return found.length > 0 ? 'Some parameters are not valid.' : undefined;
      },
      content: <page.Component values={values} onChange={setValues} fieldErrors={pageErrors} />,
    });
  }

  return (
    <Wizard
      title="New Resource"
      current={step}
      onStep={setStep}
      onFinish={finish}
      onClose={onClose}
      finishing={finishing}
      message={message}
      steps={steps}
    />
  );
}
