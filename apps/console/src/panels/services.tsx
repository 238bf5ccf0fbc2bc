import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { ResourceTypeView, Role } from '@wolfpack/contracts';
import { mayRun } from '../session/roles.ts';
import { panelRegistry, type PanelRegistry } from './registry.ts';

/*
 * What the panel machinery needs from the rest of the console: the resource types it
 * knows (live), who is signed in, and the two API calls a panel may make. The console
 * provides them once near its root (ConsolePanelServices does it with the console's own
 * API client and live cache); tests provide them directly.
 */

export interface PanelServices {
  /** The cluster's resource types, live (the snapshot's resourceTypes and later changes). */
  resourceTypes: ReadonlyMap<string, ResourceTypeView>;
  /** The signed-in user's role: admins edit properties; viewers and operators only look. */
  role: Role | undefined;
  /** PATCH /resources/:name/properties {private}; rejects with the server's error (its fields) when refused. */
  saveProperties(resource: string, privatePatch: Record<string, unknown>): Promise<unknown>;
  /** POST /resources/:name/control {code, input}; resolves to the ControlReply. */
  control(resource: string, code: string, input?: unknown): Promise<unknown>;
  registry: PanelRegistry;
}

const PanelServicesContext = createContext<PanelServices | undefined>(undefined);

export interface PanelServicesProviderProps extends Omit<PanelServices, 'registry' | 'resourceTypes'> {
  resourceTypes: ReadonlyMap<string, ResourceTypeView> | readonly ResourceTypeView[];
  /** The console's one registry unless given (tests give their own). */
  registry?: PanelRegistry;
  children?: ReactNode;
}

/** Provides the panel services to ParametersTab, useWizardPages and usePanelCommands below it. */
export function PanelServicesProvider({
  resourceTypes,
  role,
  saveProperties,
  control,
  registry = panelRegistry,
  children,
}: PanelServicesProviderProps) {
  const types = useMemo(
    () =>
      resourceTypes instanceof Map
        ? resourceTypes
        : new Map((resourceTypes as readonly ResourceTypeView[]).map((type) => [type.name, type])),
    [resourceTypes],
  );
  const services = useMemo(
    () => ({ resourceTypes: types, role, saveProperties, control, registry }),
    [types, role, saveProperties, control, registry],
  );
  return <PanelServicesContext.Provider value={services}>{children}</PanelServicesContext.Provider>;
}

/** The panel services; throws with a clear message when the console forgot the provider. */
export function usePanelServices(): PanelServices {
  const services = useContext(PanelServicesContext);
  if (!services) throw new Error('Panels need a PanelServicesProvider (or ConsolePanelServices) above them');
  return services;
}

/** Whether a role may change resource properties: the role PATCH …/properties needs (the server checks again). */
export const mayEditProperties = (role: Role | undefined) => mayRun(role, 'set-resource-properties');
