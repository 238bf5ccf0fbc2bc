import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { selectionFromHash, selectionToHash, type Selection } from './selection.ts';

const subscribe = (listener: () => void) => {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
};
const currentHash = () => window.location.hash;

/** The selected branch, kept in the URL's hash so back/forward and reload work. */
export function useSelection(): [Selection, (selection: Selection) => void] {
  const hash = useSyncExternalStore(subscribe, currentHash);
  const select = useCallback((selection: Selection) => {
    const next = selectionToHash(selection);
    if (window.location.hash !== next) window.location.hash = next;
  }, []);
  const selection = useMemo(() => selectionFromHash(hash), [hash]);
  return [selection, select];
}
