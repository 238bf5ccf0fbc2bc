import type { AvailableCommand, CommandInvocation, CommandTarget } from './registry.ts';
import type { MenuEntry } from './menu.tsx';

/**
 * The registry's commands for a target as menu entries: Move Group becomes a submenu of
 * the nodes plus "Best possible node"; Properties comes last, after a separator.
 */
export function menuEntries(target: CommandTarget, available: AvailableCommand[], execute: (invocation: CommandInvocation) => void): MenuEntry[] {
  return available.map(({ command, disabledReason, choices }, position) => {
    const entry: MenuEntry = {
      id: command.id,
      label: command.label,
      disabledReason,
      separatorBefore: position > 0 && (command.id === 'new-group' || command.id === 'properties' || command.id === 'delete'),
    };
    if (command.shortcut) entry.shortcut = command.shortcut.label;
    if (choices) {
      entry.submenu = choices.map((choice, index) => ({
        id: `${command.id}:${choice.node ?? '*'}`,
        label: choice.label,
        disabledReason: choice.disabledReason,
        separatorBefore: choice.node === undefined && index > 0,
        onSelect: () => execute(choice.node ? { command: command.id, target, node: choice.node } : { command: command.id, target }),
      }));
    } else {
      entry.onSelect = () => execute({ command: command.id, target });
    }
    return entry;
  });
}
