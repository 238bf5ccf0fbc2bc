import { useState, type DragEvent, type KeyboardEvent } from 'react';
import { useCommandContext, useCommands } from './commands-context.ts';
import { menuPositionOf, useContextMenu } from './context-menu.tsx';
import { carriesGroup, droppedGroup } from './drag.ts';
import { commandForKey, dropInvocation, type CommandTarget } from './registry.ts';

/*
 * What a cluster object answers wherever it is shown, a tree item or a list row alike:
 * the keys of its context menu and its commands' shortcuts, and a group dropped on a node.
 */

/**
 * The context-menu key or Shift+F10 opens the target's menu under the focused element; a
 * command's shortcut runs it. Returns whether the key did something (the caller then
 * prevents its default); the moving keys stay the caller's.
 */
export function useObjectKeys(): (event: KeyboardEvent, target: CommandTarget) => boolean {
  const context = useCommandContext();
  const { execute } = useCommands();
  const openMenu = useContextMenu();
  return (event, target) => {
    if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
      openMenu(target, menuPositionOf(event.currentTarget));
      return true;
    }
    const invocation = context && commandForKey(event, target, context);
    if (!invocation) return false;
    execute(invocation);
    return true;
  };
}

export interface GroupDrop {
  /** The key of the element a group is dragged over (it shows as a drop target), or null. */
  over: string | null;
  dragOver(event: DragEvent, key: string): void;
  dragLeave(key: string): void;
  /** A group dropped on `node`: a move there, through Move Group's "what happens if" view. */
  drop(event: DragEvent, node: string): void;
}

/** Nodes as drop targets for dragged groups; `key` names the element shown as the target. */
export function useGroupDrop(): GroupDrop {
  const [over, setOver] = useState<string | null>(null);
  const context = useCommandContext();
  const { execute } = useCommands();
  return {
    over,
    dragOver(event, key) {
      if (!carriesGroup(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      if (over !== key) setOver(key);
    },
    dragLeave: (key) => setOver((current) => (current === key ? null : current)),
    drop(event, node) {
      event.preventDefault();
      setOver(null);
      const group = droppedGroup(event);
      const invocation = group && context ? dropInvocation(group, node, context) : undefined;
      if (invocation) execute(invocation);
    },
  };
}
