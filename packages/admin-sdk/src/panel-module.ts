import type { ComponentType } from 'react';
import type { FieldError, ResourceTypeView, ResourceView } from '@wolfpack/contracts';
import type { SaveResult } from './host.tsx';

/*
 * What a panel module contributes — the counterpart of an MSCS Cluster Administrator
 * extension DLL's property pages, wizard pages and context-menu commands.
 */

/** Props of a wizard page: the private properties of the resource being created. */
export interface WizardPageProps {
  type: ResourceTypeView;
  /** The private properties entered so far, schema defaults filled in. */
  values: Record<string, unknown>;
  /** Changes one property; `undefined` leaves it to its default. */
  setValue(name: string, value: unknown): void;
  /** The message to show at a field (the page's own check or the server's answer), if any. */
  error(name: string): string | undefined;
  /** False for a user who may not create resources: show, do not edit. */
  canEdit: boolean;
}

/** A page a type adds to the New Resource wizard, after the common pages. */
export interface WizardPage {
  /** Stable id, unique within the type. */
  id: string;
  /** Page title, shown as the wizard step name. */
  title: string;
  Component: ComponentType<WizardPageProps>;
  /** Checks run before Next/Finish; each error's path names the field (`MaxUser` or `private.MaxUser`). */
  validate?(values: Record<string, unknown>): FieldError[];
}

/** What a context-menu command gets to act on its resource. */
export interface PanelCommandContext {
  resource: ResourceView;
  type: ResourceTypeView;
  /** Runs one of the type's control codes on the resource's owner node; resolves to its result. */
  control(code: string, input?: unknown): Promise<unknown>;
  /** Saves private properties (a partial patch; null drops a property to its default). */
  save(patch: Record<string, unknown>): Promise<SaveResult>;
}

/**
 * A command a type adds to its resources' context menu. The console registers it as one of
 * its own command entries: listed after the console's commands, before Properties, for the
 * roles `readOnly` allows; while `enabled` says no it shows disabled; a returned text is
 * told as a note, a throw as "<label> failed" with the reason.
 */
export interface PanelCommand {
  id: string;
  /** Menu item text, e.g. "Show connected users". */
  label: string;
  /** True when the command changes nothing: viewers see it too. Default false (admins only). */
  readOnly?: boolean;
  /** Whether the command applies to the resource now (e.g. only while Online). Default: always. */
  enabled?(resource: ResourceView): boolean;
  /** Does the work; a returned text is shown to the user as the command's outcome. */
  run(context: PanelCommandContext): Promise<string | void> | string | void;
}

/** A panel module's face: export these by name, or as the default export via definePanel(). */
export interface PanelModule {
  /** The type's Parameters tab in the resource's Properties sheet. */
  Parameters?: ComponentType;
  wizardPages?: WizardPage[];
  commands?: PanelCommand[];
}

/** Declares a panel module's contributions with their types checked: `export default definePanel({ Parameters })`. */
export function definePanel(panel: PanelModule): PanelModule {
  return panel;
}
