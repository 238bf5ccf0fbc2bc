import { useRef, useState } from 'react';
import { roleAllows } from '../session/roles.ts';
import type { ConsoleCommand } from './command.ts';
import { menuEntries } from './command-entries.ts';
import { useCommandContext, useCommands } from './commands-context.ts';
import { Menu } from './menu.tsx';
import { commands, commandsFor, type AvailableCommand, type CommandTarget } from './registry.ts';

/** The commands with a button: those with an icon the role allows, one per toolbar slot (the one that applies, else the first). */
function buttonsOf(shown: ConsoleCommand[], available: ReadonlyMap<string, AvailableCommand>): ConsoleCommand[] {
  return shown.filter((command) => {
    if (!command.toolbarSlot || available.has(command.id)) return true;
    const slot = shown.filter((other) => other.toolbarSlot === command.toolbarSlot);
    return !slot.some((other) => available.has(other.id)) && slot[0] === command;
  });
}

/**
 * The toolbar: every command the role allows, always in the same place, enabled for the
 * current object when it applies (a viewer sees only Properties). A command with choices
 * (Move Group) opens a menu of them, as its context-menu entry does.
 */
export function Toolbar({ target }: { target: CommandTarget | undefined }) {
  const context = useCommandContext();
  const { execute } = useCommands();
  const [choicesMenu, setChoicesMenu] = useState<{ command: string; x: number; y: number } | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  if (!context) return <div role="toolbar" aria-label="Actions" className="toolbar" />;
  const available = new Map(commandsFor(target, context).map((entry) => [entry.command.id, entry]));
  const shown = commands.filter((command) => command.icon !== undefined && roleAllows(context.role, command.access));
  const opened = choicesMenu && target ? available.get(choicesMenu.command) : undefined;
  return (
    <div role="toolbar" aria-label="Actions" className="toolbar">
      {buttonsOf(shown, available).map((command) => {
        const entry = available.get(command.id);
        const reason = entry
          ? entry.disabledReason
          : target
            ? `${command.label.replace('…', '')} does not apply to ${target.name}`
            : 'Select an object first';
        const hasChoices = command.choices !== undefined;
        return (
          <button
            key={command.id}
            ref={(element) => {
              if (element) buttons.current.set(command.id, element);
              else buttons.current.delete(command.id);
            }}
            type="button"
            className={`tool tool-${command.id}`}
            aria-disabled={reason ? true : undefined}
            aria-haspopup={hasChoices ? 'menu' : undefined}
            aria-expanded={hasChoices ? choicesMenu?.command === command.id : undefined}
            aria-keyshortcuts={command.shortcut?.label}
            title={reason ?? (command.shortcut ? `${command.label} (${command.shortcut.label})` : command.label)}
            onClick={() => {
              if (reason || !target) return;
              if (hasChoices) {
                const box = buttons.current.get(command.id)?.getBoundingClientRect();
                setChoicesMenu(
                  box ? { command: command.id, x: box.left, y: box.bottom + 2 } : { command: command.id, x: 0, y: 0 },
                );
                return;
              }
              execute({ command: command.id, target }, command);
            }}
          >
            <span className={command.iconTone ? `tool-icon tone-${command.iconTone}` : 'tool-icon'} aria-hidden="true">
              {command.icon}
            </span>
            {command.label.replace('…', '')}
            {hasChoices && <span aria-hidden="true"> ▾</span>}
          </button>
        );
      })}
      {choicesMenu && target && opened && (
        <Menu
          label={opened.command.label}
          position={choicesMenu}
          entries={menuEntries(target, [opened], execute)[0]!.submenu ?? []}
          onClose={() => {
            setChoicesMenu(null);
            buttons.current.get(choicesMenu.command)?.focus();
          }}
        />
      )}
    </div>
  );
}
