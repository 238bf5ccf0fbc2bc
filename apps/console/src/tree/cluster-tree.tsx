import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Selection } from '../app/selection.ts';
import { useCommandContext, useCommands } from '../actions/commands-provider.tsx';
import { useContextMenu } from '../actions/context-menu.tsx';
import { startGroupDrag } from '../actions/drag.ts';
import { useGroupDrop, useObjectKeys } from '../actions/object-gestures.ts';
import { mayDragGroups, type CommandTarget } from '../actions/registry.ts';
import type { ClusterCache } from '../live/cluster-cache.ts';
import { StateIcon } from '../lists/state-icon.tsx';
import { useFocusWhenRendered, useRowWindow } from '../lists/use-window.ts';

/** Tree item height (px), fixed so a tree of thousands renders only what is in view. */
const itemHeight = 22;
import { itemIdOf, visibleTreeItems, type TreeItem } from './tree-model.ts';

/** The object a tree item stands for, as a command target. */
export function targetOfSelection(selection: Selection, label: string): CommandTarget {
  switch (selection.kind) {
    case 'cluster':
      return { kind: 'cluster', name: label };
    case 'group':
    case 'resource':
    case 'node':
      return { kind: selection.kind, name: selection.name };
    default:
      return { kind: 'folder', name: label, selection };
  }
}

interface ClusterTreeProps {
  cluster: ClusterCache;
  selection: Selection;
  onSelect(selection: Selection): void;
  /** The tree took focus (its selection becomes the toolbar's target). */
  onFocusTarget(target: CommandTarget): void;
}

/**
 * The left pane: the cluster as a tree (ARIA tree, flat items with levels). Arrows move
 * and select, Right/Left open and close, Enter opens Properties, Shift+F10 the context
 * menu; groups drag onto nodes to move.
 */
export function ClusterTree({ cluster, selection, onSelect, onFocusTarget }: ClusterTreeProps) {
  const [toggled, setToggled] = useState<ReadonlyMap<string, boolean>>(new Map());
  const items = useMemo(() => visibleTreeItems(cluster, toggled, selection), [cluster, toggled, selection]);
  const context = useCommandContext();
  const { execute } = useCommands();
  const openMenu = useContextMenu();
  const objectKeys = useObjectKeys();
  const groupDrop = useGroupDrop();
  const tree = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const view = useRowWindow(scroller, items.length, itemHeight, 4);
  const selectedId = itemIdOf(selection);
  const selectedIndex = items.findIndex((item) => item.id === selectedId);
  const focusId = selectedIndex >= view.start && selectedIndex < view.end ? selectedId : items[view.start]?.id;
  const focusWhenRendered = useFocusWhenRendered(tree, 'data-item-id', { scrollIntoView: true });

  // A selection made elsewhere (a link, a folder opened in the list) is scrolled into view.
  useEffect(() => {
    if (selectedIndex >= 0) view.scrollToIndex(selectedIndex);
  }, [selectedId]); // eslint-disable-line react-hooks/exhaustive-deps

  const select = (item: TreeItem) => {
    onSelect(item.selection);
    onFocusTarget(targetOfSelection(item.selection, item.label));
    focusWhenRendered(item.id);
    const index = items.indexOf(item);
    if (index >= 0) view.scrollToIndex(index);
  };
  const setExpanded = (item: TreeItem, expanded: boolean) =>
    setToggled((current) => new Map(current).set(item.id, expanded));

  const onKeyDown = (event: KeyboardEvent, item: TreeItem, index: number) => {
    const target = targetOfSelection(item.selection, item.label);
    const go = (next: TreeItem | undefined) => next && select(next);
    switch (event.key) {
      case 'ArrowDown':
        go(items[index + 1]);
        break;
      case 'ArrowUp':
        go(items[index - 1]);
        break;
      case 'Home':
        go(items[0]);
        break;
      case 'End':
        go(items[items.length - 1]);
        break;
      case 'ArrowRight':
        if (item.expandable && !item.expanded) setExpanded(item, true);
        else if (item.expanded) go(items[index + 1]);
        break;
      case 'ArrowLeft':
        if (item.expanded) setExpanded(item, false);
        else go(items.find((candidate) => candidate.id === item.parentId));
        break;
      case 'Enter':
        if (target.kind === 'folder') setExpanded(item, !item.expanded);
        else execute({ command: 'properties', target });
        break;
      default:
        if (!objectKeys(event, target)) return;
    }
    event.preventDefault();
  };

  return (
    <div className="tree-scroll" ref={scroller}>
      <div ref={tree} role="tree" aria-label="Cluster tree" className="cluster-tree">
        {view.padTop > 0 && <div role="presentation" style={{ height: view.padTop }} />}
        {items.slice(view.start, view.end).map((item, offset) => {
          const index = view.start + offset;
          const target = targetOfSelection(item.selection, item.label);
          const selected = item.id === selectedId;
          return (
            <div
              key={item.id}
              data-item-id={item.id}
              role="treeitem"
              aria-label={item.accessibleName}
              aria-level={item.level}
              aria-setsize={item.setSize}
              aria-posinset={item.posInSet}
              aria-expanded={item.expandable ? item.expanded : undefined}
              aria-selected={selected}
              tabIndex={item.id === focusId ? 0 : -1}
              className={`tree-item${selected ? ' selected' : ''}${groupDrop.over === item.id ? ' drop-target' : ''}`}
              style={{ paddingLeft: 6 + (item.level - 1) * 16 }}
              onClick={() => select(item)}
              onFocus={() => onFocusTarget(target)}
              onContextMenu={(event) => {
                event.preventDefault();
                select(item);
                openMenu(target, { x: event.clientX, y: event.clientY });
              }}
              onKeyDown={(event) => onKeyDown(event, item, index)}
              draggable={item.dragGroup !== undefined && context !== undefined && mayDragGroups(context.role)}
              onDragStart={item.dragGroup ? (event) => startGroupDrag(event, item.dragGroup!) : undefined}
              onDragOver={item.dropNode ? (event) => groupDrop.dragOver(event, item.id) : undefined}
              onDragLeave={item.dropNode ? () => groupDrop.dragLeave(item.id) : undefined}
              onDrop={item.dropNode ? (event) => groupDrop.drop(event, item.dropNode!) : undefined}
            >
              <span
                className="tree-twisty"
                aria-hidden="true"
                onClick={(event) => {
                  if (!item.expandable) return;
                  event.stopPropagation();
                  setExpanded(item, !item.expanded);
                }}
              >
                {item.expandable ? (item.expanded ? '▾' : '▸') : ''}
              </span>
              <TreeIconView item={item} />
              <span className="tree-label">{item.label}</span>
            </div>
          );
        })}
        {view.padBottom > 0 && <div role="presentation" style={{ height: view.padBottom }} />}
      </div>
    </div>
  );
}

function TreeIconView({ item }: { item: TreeItem }) {
  const icon = item.icon;
  if (icon.kind === 'group' || icon.kind === 'resource' || icon.kind === 'node')
    return <StateIcon state={icon.state} kind={icon.kind} />;
  return (
    <span className={`tree-glyph glyph-${icon.kind}`} aria-hidden="true">
      {icon.kind === 'cluster' ? '◆' : icon.kind === 'types' ? '▤' : '▣'}
    </span>
  );
}
