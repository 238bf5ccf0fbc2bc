import { Fragment } from 'react';
import { useDialogs } from './dialogs.tsx';
import type { Selection } from './selection.ts';

/** Renders the open dialog, if any: whatever its command's entry asked for. */
export function DialogHost({ onSelect }: { onSelect(selection: Selection): void }) {
  const { current, close } = useDialogs();
  if (!current) return null;
  return <Fragment key={current.key}>{current.render({ onClose: close, onSelect })}</Fragment>;
}
