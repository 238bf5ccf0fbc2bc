import { useMemo, type ComponentType } from 'react';
import {
  SchemaField,
  checkProperties,
  propertyDefaults,
  propertyFields,
  propertyOfPath,
  type WizardPage,
} from '@wolfpack/admin-sdk';
import type { FieldError, ResourceTypeView } from '@wolfpack/contracts';
import { PanelBoundary, PanelPlaceholder } from './panel-boundary.tsx';
import { usePanelServices } from './services.tsx';
import { usePanel } from './use-panel.ts';

/*
 * The type-specific pages of the New Resource wizard: the pages the type's panel adds,
 * or — for a type without them — one "Parameters" page generated from its schema. Each
 * page is mounted inside its own error boundary.
 */

/** What the console's wizard passes a type page. */
export interface PanelWizardPageProps {
  /** The new resource's private properties so far (start from wizardDefaults(type)). */
  values: Record<string, unknown>;
  onChange(values: Record<string, unknown>): void;
  /** Errors to show at the fields: from validate() on Next, or the server's 400 on Finish. */
  fieldErrors?: FieldError[];
}

/** One type page of the wizard. */
export interface WizardPageEntry {
  /** Unique among all types' pages: `<type>/<page id>`. */
  key: string;
  title: string;
  /** Checks to run before Next: an empty list lets the person go on. */
  validate(values: Record<string, unknown>): FieldError[];
  Component: ComponentType<PanelWizardPageProps>;
}

export interface WizardPages {
  pages: WizardPageEntry[];
  /** The type's panel is still loading: its pages are not known yet. */
  loading: boolean;
  /** Why the panel's pages are missing (the generated page stands in), if they are. */
  failure: string | undefined;
  /** The whole set of private properties against the schema, for Finish. */
  validateAll(values: Record<string, unknown>): FieldError[];
}

/** The private properties a new resource of this type starts with: the schema's defaults. */
export function wizardDefaults(type: ResourceTypeView | undefined): Record<string, unknown> {
  return type ? propertyDefaults(type.propertySchema) : {};
}

const errorAt = (fieldErrors: FieldError[] | undefined) => (name: string) =>
  fieldErrors?.find((error) => propertyOfPath(error.path) === name)?.message;

function generatedPage(type: ResourceTypeView): WizardPageEntry {
  const fields = propertyFields(type.propertySchema);
  const defaults = propertyDefaults(type.propertySchema);
  function GeneratedParametersPage({ values, onChange, fieldErrors }: PanelWizardPageProps) {
    const error = errorAt(fieldErrors);
    const shown = { ...defaults, ...values };
    return (
      <PanelBoundary typeName={type.name} part="generated wizard page">
        <div className="wp-form" role="group" aria-label={`${type.name} parameters`}>
          {fields.map((field) => (
            <SchemaField
              key={field.name}
              field={field}
              value={shown[field.name]}
              error={error(field.name)}
              onChange={(value) => onChange({ ...values, [field.name]: value })}
            />
          ))}
        </div>
      </PanelBoundary>
    );
  }
  return {
    key: `${type.name}/parameters`,
    title: 'Parameters',
    validate: (values) => checkProperties(type.propertySchema, { ...defaults, ...values }),
    Component: GeneratedParametersPage,
  };
}

function panelPage(type: ResourceTypeView, page: WizardPage): WizardPageEntry {
  const defaults = propertyDefaults(type.propertySchema);
  const Page = page.Component;
  function PanelWizardPage({ values, onChange, fieldErrors }: PanelWizardPageProps) {
    const shown = { ...defaults, ...values };
    return (
      <PanelBoundary typeName={type.name} part={`wizard page "${page.title}"`}>
        <div className="wp-form" role="group" aria-label={page.title}>
          <Page
            type={type}
            values={shown}
            canEdit
            setValue={(name, value) => onChange({ ...values, [name]: value })}
            error={errorAt(fieldErrors)}
          />
        </div>
      </PanelBoundary>
    );
  }
  return {
    key: `${type.name}/${page.id}`,
    title: page.title,
    validate: (values) => {
      try {
        return page.validate?.({ ...defaults, ...values }) ?? [];
      } catch (error) {
        return [
          {
            path: 'private',
            message: `The ${type.name} wizard page "${page.title}" failed to check its fields: ${(error as Error).message}`,
          },
        ];
      }
    },
    Component: PanelWizardPage,
  };
}

function failedPage(type: ResourceTypeView, message: string): WizardPageEntry {
  const generated = generatedPage(type);
  function FailedPanelPage(props: PanelWizardPageProps) {
    return (
      <>
        <PanelPlaceholder typeName={type.name} part="wizard pages" message={message} />
        <generated.Component {...props} />
      </>
    );
  }
  return { ...generated, Component: FailedPanelPage };
}

/**
 * The wizard pages a type adds to New Resource (after the common pages), live: a type
 * registered while the console is open gets its pages as soon as its panel loads.
 */
export function useWizardPages(typeName: string | undefined): WizardPages {
  const { resourceTypes } = usePanelServices();
  const type = typeName === undefined ? undefined : resourceTypes.get(typeName);
  const panel = usePanel(type);
  return useMemo<WizardPages>(() => {
    if (!type) return { pages: [], loading: false, failure: undefined, validateAll: () => [] };
    const validateAll = (values: Record<string, unknown>) =>
      checkProperties(type.propertySchema, { ...propertyDefaults(type.propertySchema), ...values });
    const hasFields = propertyFields(type.propertySchema).length > 0;
    const generated = hasFields ? [generatedPage(type)] : [];
    switch (panel.status) {
      case 'none':
        return { pages: generated, loading: false, failure: undefined, validateAll };
      case 'loading':
        return { pages: [], loading: true, failure: undefined, validateAll };
      case 'failed':
        return {
          pages: hasFields ? [failedPage(type, panel.message)] : [],
          loading: false,
          failure: panel.message,
          validateAll,
        };
      case 'ready': {
        const pages = panel.module.wizardPages?.map((page) => panelPage(type, page)) ?? [];
        return { pages: pages.length > 0 ? pages : generated, loading: false, failure: undefined, validateAll };
      }
    }
  }, [type, panel]);
}
