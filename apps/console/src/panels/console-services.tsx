import type { ReactNode } from 'react';
import { client } from '../api/index.ts';
import { useCluster } from '../live/index.ts';
import { useSession } from '../session/index.ts';
import { PanelServicesProvider } from './services.tsx';
import type { ResourceTypeView } from '@wolfpack/contracts';

/*
 * The panel services wired to the console itself: resource types from the live cluster
 * cache (a type registered while the page is open appears with the next change), the
 * signed-in user's role, and the console's API client. Mount it inside LiveProvider.
 */

const saveProperties = (resource: string, privatePatch: Record<string, unknown>) =>
  client.resources.setProperties(resource, { private: privatePatch });
const control = (resource: string, code: string, input?: unknown) =>
  client.resources.control(resource, input === undefined ? { code } : { code, input });
const noTypes: ReadonlyMap<string, ResourceTypeView> = new Map();

/** Provides panels with the console's live resource types, session role and API calls. */
export function ConsolePanelServices({ children }: { children?: ReactNode }) {
  const { data: resourceTypes } = useCluster((cache) => cache.resourceTypes);
  const { data: session } = useSession();
  return (
    <PanelServicesProvider
      resourceTypes={resourceTypes ?? noTypes}
      role={session?.role}
      saveProperties={saveProperties}
      control={control}
    >
      {children}
    </PanelServicesProvider>
  );
}
