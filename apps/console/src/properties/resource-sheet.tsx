import { useEffect, useRef, useState } from 'react';
import type { ResourceView } from '@wolfpack/contracts';
import { errorMessage } from '@wolfpack/client';
import { client } from '../api/index.ts';
import { useCluster, useResourceView } from '../live/hooks.ts';
import { ParametersTab, type ApplyHandle } from '../panels/index.ts';
import { accessOf, roleAllows } from '../session/roles.ts';
import { useSession } from '../session/session.ts';
import { dependencyChanges, pruneResourceEdits, resourceDirty, resourcePatch, type ResourceEdits } from './drafts.ts';
import { fieldErrorsByPath, hasErrorUnder } from './field-errors.ts';
import { PropertySheet, ReadOnlySheet, type ApplyOutcome } from './property-sheet.tsx';
import { ResourceAdvancedTab } from './resource-advanced-tab.tsx';
import { ResourceDependenciesTab } from './resource-dependencies-tab.tsx';
import { ResourceGeneralTab } from './resource-general-tab.tsx';
import { markedFieldsMessage } from './sheet-refusal.ts';

/** What Apply may send: the PATCH of General and Advanced, and the dependency changes. */
const editAccess = accessOf('set-resource-properties', 'add-dependency', 'remove-dependency');

/**
 * A resource's Properties: General, Dependencies, Advanced, Parameters (the type's panel).
 * Apply sends the General and Advanced changes as one PATCH (all or nothing), then the
 * dependency changes, then the Parameters page's own save; each refusal shows at its field.
 */
export function ResourceSheet({ name, onClose }: { name: string; onClose(): void }) {
  const view = useResourceView(name).data;
  const cluster = useCluster().data;
  const role = useSession().data?.role;
  const [edits, setEdits] = useState<ResourceEdits>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [parametersDirty, setParametersDirty] = useState(false);
  const [parametersRefused, setParametersRefused] = useState(false);
  const parameters = useRef<ApplyHandle>(null);

  // As the stream shows what was applied, those edits are no longer edits.
  useEffect(() => {
    if (view) setEdits((current) => pruneResourceEdits(view, current));
  }, [view]);

  if (view === null) {
    return <GoneSheet name={name} onClose={onClose} />;
  }
  if (!view || !cluster) return null;
  const readOnly = !roleAllows(role, editAccess);
  const type = cluster.resourceTypes.get(view.type);
  const nodes = [...cluster.nodes.keys()].sort();
  const groupResources = [...cluster.resources.values()].filter((r) => r.group === view.group);

  const apply = async (): Promise<ApplyOutcome> => {
    const found: Record<string, string> = {};
    const reasons: string[] = [];
    const refused = (error: unknown, fallbackPath?: string) => {
      const fields = fieldErrorsByPath(error);
      if (Object.keys(fields).length === 0 && fallbackPath) fields[fallbackPath] = errorMessage(error);
      Object.assign(found, fields);
      reasons.push(errorMessage(error));
    };
    const patch = resourcePatch(view, edits);
    if (patch) await client.resources.update(name, patch).catch((error) => refused(error));
    const deps = dependencyChanges(view, edits);
    for (const provider of deps.remove)
      await client.resources.removeDependency(name, provider).catch((error) => refused(error, 'dependencies'));
    for (const provider of deps.add)
      await client.resources.addDependency(name, provider).catch((error) => refused(error, 'dependencies'));
    let parametersOk = true;
    if (parameters.current?.isDirty()) parametersOk = await parameters.current.apply();
    setParametersRefused(!parametersOk);
    setErrors(found);
    const unplaced = reasons.length > 0 && Object.keys(found).length === 0;
    setMessage(
      reasons.length > 0
        ? unplaced
          ? reasons.join(' ')
          : markedFieldsMessage
        : parametersOk
          ? undefined
          : 'The Parameters page was refused: see its fields.',
    );
    const ok = reasons.length === 0 && parametersOk;
    return { ok, showTab: ok ? undefined : firstInvalidTab(found, parametersOk) };
  };

  const dirty = resourceDirty(view, edits) || parametersDirty;
  return (
    <PropertySheet
      title={`${name} Properties`}
      readOnly={readOnly}
      dirty={dirty}
      onApply={apply}
      onClose={onClose}
      message={message}
      tabs={[
        {
          id: 'general',
          label: 'General',
          invalid: hasErrorUnder(errors, 'description', 'possibleOwners', 'name'),
          content: (
            <ResourceGeneralTab
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
          invalid: hasErrorUnder(errors, 'dependencies', 'provider'),
          content: (
            <ResourceDependenciesTab
              view={view}
              edits={edits}
              groupResources={groupResources}
              readOnly={readOnly}
              errors={errors}
              onEdit={setEdits}
            />
          ),
        },
        {
          id: 'advanced',
          label: 'Advanced',
          invalid: hasErrorUnder(errors, 'common', ...commonKeys(view)),
          content: (
            <ResourceAdvancedTab view={view} edits={edits} readOnly={readOnly} errors={errors} onEdit={setEdits} />
          ),
        },
        {
          id: 'parameters',
          label: 'Parameters',
          invalid: parametersRefused || hasErrorUnder(errors, 'private'),
          content: type ? (
            <ParametersTab resource={view} type={type} applyRef={parameters} onDirtyChange={setParametersDirty} />
          ) : (
            <p className="hint">The resource type {view.type} is not registered.</p>
          ),
        },
      ]}
    />
  );
}

const commonKeys = (view: ResourceView) => Object.keys(view.commonProperties);

/** The first page, in tab order, holding a refused field. */
function firstInvalidTab(errors: Record<string, string>, parametersOk: boolean): string | undefined {
  if (hasErrorUnder(errors, 'description', 'possibleOwners', 'name')) return 'general';
  if (hasErrorUnder(errors, 'dependencies', 'provider')) return 'dependencies';
  if (
    Object.keys(errors).some((path) => path === 'common' || path.startsWith('common.') || commonPropertyNames.has(path))
  )
    return 'advanced';
  if (!parametersOk || hasErrorUnder(errors, 'private')) return 'parameters';
  return undefined;
}

const commonPropertyNames = new Set([
  'restartAction',
  'restartThreshold',
  'restartPeriodMs',
  'restartDelayMs',
  'pendingTimeoutMs',
  'looksAlivePollIntervalMs',
  'isAlivePollIntervalMs',
  'deadlockTimeoutMs',
  'separateMonitor',
]);

/** The object went away while its sheet was open. */
export function GoneSheet({ name, onClose }: { name: string; onClose(): void }) {
  return (
    <ReadOnlySheet
      title={`${name} Properties`}
      onClose={onClose}
      tabs={[{ id: 'general', label: 'General', content: <p className="hint">{name} no longer exists.</p> }]}
    />
  );
}
