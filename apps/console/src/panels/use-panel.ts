import { useEffect, useSyncExternalStore } from 'react';
import type { ResourceTypeView } from '@wolfpack/contracts';
import type { PanelState } from './registry.ts';
import { usePanelServices } from './services.tsx';

/**
 * A type's panel, loaded on first use and shared by every part of the console that asks
 * (Parameters tab, wizard, context menu): `none` when the type ships no panel.
 */
export function usePanel(type: ResourceTypeView | undefined): PanelState {
  const { registry } = usePanelServices();
  const state = useSyncExternalStore(
    registry.subscribe,
    () => registry.peek(type),
    () => registry.peek(type),
  );
  useEffect(() => {
    if (type?.panelUrl) void registry.load(type);
  }, [registry, type]);
  return state;
}
