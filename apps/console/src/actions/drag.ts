import type { DragEvent as ReactDragEvent } from 'react';

/** The drag-and-drop format of a group being dragged (its name). */
export const groupDragType = 'application/x-wolfpack-group';

/** Starts dragging a group: the name travels in the drag data, and as text for other targets. */
export function startGroupDrag(event: DragEvent | ReactDragEvent, group: string): void {
  event.dataTransfer?.setData(groupDragType, group);
  event.dataTransfer?.setData('text/plain', group);
  if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
}

/** Whether a drag over an element carries a group (the name itself is readable only on drop). */
export function carriesGroup(event: DragEvent | ReactDragEvent): boolean {
  return Boolean(event.dataTransfer?.types.includes(groupDragType));
}

/** The dragged group's name, on drop. */
export function droppedGroup(event: DragEvent | ReactDragEvent): string | undefined {
  return event.dataTransfer?.getData(groupDragType) || undefined;
}
