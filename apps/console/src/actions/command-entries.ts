import type { CommandInvocation, CommandTarget, ConsoleCommand } from './command.ts';
import type { MenuEntry } from './menu.tsx';
import type { AvailableCommand } from './command-availability.ts';

/**
 * Command entries for a target as menu entries: a command with choices becomes a submenu
 * (Move Group ▸ the nodes, then "Best possible node"); a separator where the section
 * changes (before New …, Delete, a type's commands, Properties, Log out).
 */
export function menuEntries(
  target: CommandTarget,
  available: AvailableCommand[],
  execute: (invocation: CommandInvocation, command: ConsoleCommand) => void,
): MenuEntry[] {
  return available.map(({ command, disabledReason, choices }, position) => {
    const entry: MenuEntry = {
      id: command.id,
      label: command.label,
      disabledReason,
      separatorBefore: position > 0 && available[position - 1]!.command.section !== command.section,
    };
    if (command.shortcut) entry.shortcut = command.shortcut.label;
    if (choices) {
      entry.submenu = choices.map((choice, index) => ({
        id: `${command.id}:${choice.node ?? '*'}`,
        label: choice.label,
        disabledReason: choice.disabledReason,
        separatorBefore: choice.node === undefined && index > 0,
        onSelect: () =>
          execute(
            choice.node ? { command: command.id, target, node: choice.node } : { command: command.id, target },
            command,
          ),
      }));
    } else {
      entry.onSelect = () => execute({ command: command.id, target }, command);
    }
    return entry;
  });
}
