/**
 * Extension panels: the registry of what each resource type's panel module contributes,
 * loaded at run time (once per module) and mounted inside error boundaries.
 *
 * The console mounts <ConsolePanelServices> inside its LiveProvider, then uses
 * <ParametersTab resource type applyRef onDirtyChange/>, useWizardPages(typeName) and
 * usePanelCommands(typeName) (as console command entries: usePanelConsoleCommands). See README.md beside this file.
 */
import '@wolfpack/admin-sdk/styles.css';

export { ConsolePanelServices } from './console-services.tsx';
export {
  PanelServicesProvider,
  usePanelServices,
  mayEditProperties,
  type PanelServices,
  type PanelServicesProviderProps,
} from './services.tsx';
export { ParametersTab, type ParametersTabProps } from './parameters-tab.tsx';
export {
  useWizardPages,
  wizardDefaults,
  type WizardPages,
  type WizardPageEntry,
  type PanelWizardPageProps,
} from './wizard-pages.tsx';
export {
  usePanelCommands,
  usePanelConsoleCommands,
  panelConsoleCommand,
  type PanelCommandEntry,
  type PanelCommandOutcome,
} from './commands.ts';
export {
  PanelBoundary,
  PanelPlaceholder,
  type PanelBoundaryProps,
  type PanelPlaceholderProps,
} from './panel-boundary.tsx';
export {
  PanelRegistry,
  panelRegistry,
  panelOf,
  type PanelState,
  type SettledPanel,
  type PanelFailureKind,
  type PanelRegistryOptions,
} from './registry.ts';
export { usePanel } from './use-panel.ts';
export { installPanelHost, type PanelHostGlobal } from './host-modules.ts';
export type { ApplyHandle } from '@wolfpack/admin-sdk';
