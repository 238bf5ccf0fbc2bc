import { useRef, useState } from 'react';
import { roleAllows } from '../session/roles.ts';
import { menuEntries } from './command-entries.ts';
import { useCommandContext, useCommands } from './commands-provider.tsx';
import { Menu } from './menu.tsx';
import { commands, commandsFor, type CommandTarget } from './registry.ts';

/**
 * The toolbar: every command the role allows, always in the same place, enabled for the
 * current object when it applies (a viewer sees only Properties). Move Group opens a
 * menu of nodes, as its context-menu entry does.
 */
export function Toolbar({ target }: { target: CommandTarget | undefined }) {
  const context = useCommandContext();
  const { execute } = useCommands();
  const [moveMenu, setMoveMenu] = useState<{ x: number; y: number } | null>(null);
  const moveButton = useRef<HTMLButtonElement>(null);
  if (!context) return <div role="toolbar" aria-label="Actions" className="toolbar" />;
  const available = new Map(commandsFor(target, context).map((entry) => [entry.command.id, entry]));
  const shown = commands.filter((command) => roleAllows(context.role, command.access));
  return (
    <div role="toolbar" aria-label="Actions" className="toolbar">
      {shown.map((command) => {
        const entry = available.get(command.id);
        if (!entry && (command.id === 'resume-node' || command.id === 'pause-node')) {
          // One of the two applies to a node; for anything else show Pause Node alone.
          const other = available.get(command.id === 'pause-node' ? 'resume-node' : 'pause-node');
          if (other || command.id === 'resume-node') return null;
        }
        const reason = entry ? entry.disabledReason : target ? `${command.label.replace('…', '')} does not apply to ${target.name}` : 'Select an object first';
        const isMove = command.id === 'move-group';
        return (
          <button
            key={command.id}
            ref={isMove ? moveButton : undefined}
            type="button"
            className={`tool tool-${command.id}`}
            aria-disabled={reason ? true : undefined}
            aria-haspopup={isMove ? 'menu' : undefined}
            aria-expanded={isMove ? moveMenu !== null : undefined}
            aria-keyshortcuts={command.shortcut?.label}
            title={reason ?? (command.shortcut ? `${command.label} (${command.shortcut.label})` : command.label)}
            onClick={() => {
              if (reason || !target) return;
              if (isMove) {
                const box = moveButton.current?.getBoundingClientRect();
                setMoveMenu(box ? { x: box.left, y: box.bottom + 2 } : { x: 0, y: 0 });
                return;
              }
              execute({ command: command.id, target });
            }}
          >
            <span className="tool-icon" aria-hidden="true">{toolIcons[command.id]}</span>
            {command.label.replace('…', '')}
            {isMove && <span aria-hidden="true"> ▾</span>}
          </button>
        );
      })}
      {moveMenu && target && available.get('move-group') && (
        <Menu
          label="Move Group"
          position={moveMenu}
          entries={menuEntries(target, [available.get('move-group')!], execute)[0]!.submenu ?? []}
          onClose={() => {
            setMoveMenu(null);
            moveButton.current?.focus();
          }}
        />
      )}
    </div>
  );
}

const toolIcons: Record<string, string> = {
  'bring-online': '▲',
  'take-offline': '▼',
  'initiate-failure': '✕',
  'move-group': '⇄',
  'pause-node': '❚❚',
  'resume-node': '▶',
  'new-group': '+',
  'new-resource': '+',
  delete: '−',
  properties: '☰',
};
