import { useRef, useState, type Ref } from 'react';
import {
  Button,
  PanelHostProvider,
  SchemaForm,
  StatusText,
  useCanEdit,
  useSaveProperties,
  type ApplyHandle,
} from '@wolfpack/admin-sdk';
import type { ResourceTypeView, ResourceView } from '@wolfpack/contracts';
import { PanelBoundary, PanelPlaceholder } from './panel-boundary.tsx';
import { mayEditProperties, usePanelServices } from './services.tsx';
import { usePanel } from './use-panel.ts';

/*
 * The Parameters tab of a resource's Properties sheet: the type's panel when it ships one
 * (loaded at run time, inside its own error boundary), otherwise a form generated from
 * the type's property schema. Both save through the same host, so the sheet's Apply and
 * OK work the same for either.
 */

export interface ParametersTabProps {
  /** The resource, live (from the console's cache). */
  resource: ResourceView;
  /** Its type, live. */
  type: ResourceTypeView;
  /**
   * Filled with { apply(), isDirty() } for the sheet's Apply/OK: apply() resolves true when
   * saved (or nothing changed), false when refused — the errors are then shown at their
   * fields. Without it the tab shows its own Apply button.
   */
  applyRef?: Ref<ApplyHandle>;
  /** Told when the tab gets or loses unsaved changes (to enable Apply). */
  onDirtyChange?(dirty: boolean): void;
}

/** The Parameters tab for one resource. */
export function ParametersTab({ resource, type, applyRef, onDirtyChange }: ParametersTabProps) {
  const services = usePanelServices();
  const ownApply = useRef<ApplyHandle>(null);
  return (
    <PanelHostProvider
      resource={resource}
      type={type}
      canEdit={mayEditProperties(services.role)}
      saveProperties={services.saveProperties}
      control={services.control}
      applyRef={applyRef ?? ownApply}
      onDirtyChange={onDirtyChange}
    >
      <PanelOrForm type={type} />
      {applyRef ? null : <OwnApplyButton handle={ownApply} />}
    </PanelHostProvider>
  );
}

function PanelOrForm({ type }: { type: ResourceTypeView }) {
  const { registry } = usePanelServices();
  const panel = usePanel(type);
  const [generated, setGenerated] = useState(false);
  const genericForm = { label: 'Use the generic form', onSelect: () => setGenerated(true) };
  if (generated || panel.status === 'none') return <GeneratedForm typeName={type.name} />;
  if (panel.status === 'loading') return <StatusText>{`Loading the ${type.name} panel…`}</StatusText>;
  if (panel.status === 'failed') {
    return (
      <PanelPlaceholder
        typeName={type.name}
        part="Parameters panel"
        message={panel.message}
        onRetry={panel.kind === 'load' ? () => void registry.retry(type) : undefined}
        fallback={genericForm}
      />
    );
  }
  const { Parameters } = panel.module;
  if (!Parameters) return <GeneratedForm typeName={type.name} />;
  return (
    <PanelBoundary typeName={type.name} part="Parameters panel" resetKey={panel.url} fallback={genericForm}>
      <Parameters />
    </PanelBoundary>
  );
}

/** The form generated from the schema: a type's manifest is third-party data, so it gets a boundary too. */
function GeneratedForm({ typeName }: { typeName: string }) {
  return (
    <PanelBoundary typeName={typeName} part="generated Parameters form">
      <SchemaForm />
    </PanelBoundary>
  );
}

/** Apply, for a tab shown outside a property sheet. */
function OwnApplyButton({ handle }: { handle: { current: ApplyHandle | null } }) {
  const { saving } = useSaveProperties();
  if (!useCanEdit()) return null;
  return (
    <div className="wp-apply">
      <Button variant="primary" disabled={saving} onClick={() => void handle.current?.apply()}>
        Apply
      </Button>
    </div>
  );
}
