import { memo, useMemo, useRef, useState, type DragEvent, type KeyboardEvent, type MouseEvent } from 'react';
import type { Selection } from '../app/selection.ts';
import { useCommandContext, useCommands, usePendingCommands } from '../actions/commands-provider.tsx';
import { useContextMenu } from '../actions/context-menu.tsx';
import { startGroupDrag } from '../actions/drag.ts';
import { useGroupDrop, useObjectKeys } from '../actions/object-gestures.ts';
import { pendingKey } from '../actions/pending.ts';
import { mayDragGroups, type CommandTarget } from '../actions/registry.ts';
import type { ClusterCache } from '../live/cluster-cache.ts';
import { columnsFor, nextSortOrder, rowsFor, sortRows, type Column, type ListRow, type SortOrder } from './rows.ts';
import { StateLabel } from './state-icon.tsx';
import { useFocusWhenRendered, useRowWindow } from './use-window.ts';

/** Row and header heights (px), fixed so long lists can render only what is in view. */
const rowHeight = 24;
const headerHeight = 28;

/** The command target a row stands for. */
export function targetOfRow(row: ListRow): CommandTarget {
  return row.object.kind === 'folder'
    ? { kind: 'folder', name: row.object.name, selection: row.object.selection }
    : { kind: row.object.kind, name: row.object.name };
}

interface ObjectGridProps {
  cluster: ClusterCache;
  selection: Selection;
  title: string;
  /** A folder row opened: select that branch in the tree. */
  onOpenFolder(selection: Selection): void;
  /** The selected row changed or the grid took focus: the toolbar acts on this. */
  onFocusTarget(target: CommandTarget | undefined): void;
  /** The target of the list's background (the tree's selection), for its context menu. */
  backgroundTarget: CommandTarget;
}

/**
 * The right pane: the selected branch as a grid with Cluster Administrator's columns,
 * sortable by any column, one row selected at a time. Rows act like the tree's items:
 * Enter or double-click opens Properties, Shift+F10 or right-click the context menu,
 * groups drag onto node rows (and tree nodes) to move.
 */
export function ObjectGrid({
  cluster,
  selection,
  title,
  onOpenFolder,
  onFocusTarget,
  backgroundTarget,
}: ObjectGridProps) {
  const [order, setOrder] = useState<SortOrder>({ column: 'name', direction: 'ascending' });
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const columns = columnsFor(selection);
  const rows = useMemo(() => sortRows(rowsFor(cluster, selection), order), [cluster, selection, order]);
  const pending = usePendingCommands();
  const context = useCommandContext();
  const { execute } = useCommands();
  const openMenu = useContextMenu();
  const objectKeys = useObjectKeys();
  const groupDrop = useGroupDrop();
  const grid = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const view = useRowWindow(scroller, rows.length, rowHeight, headerHeight);
  const selectedIndex = rows.findIndex((row) => row.key === selectedKey);
  const focusIndex = selectedIndex >= view.start && selectedIndex < view.end ? selectedIndex : view.start;
  const focusWhenRendered = useFocusWhenRendered(grid, 'data-row-key');

  const selectRow = (index: number, focus = true) => {
    const row = rows[index];
    if (!row) return;
    setSelectedKey(row.key);
    onFocusTarget(targetOfRow(row));
    if (focus) {
      focusWhenRendered(row.key);
      view.scrollToIndex(index);
    }
  };

  const open = (row: ListRow) => {
    if (row.object.kind === 'folder') onOpenFolder(row.object.selection);
    else execute({ command: 'properties', target: targetOfRow(row) });
  };

  const onRowKeyDown = (event: KeyboardEvent, row: ListRow, index: number) => {
    switch (event.key) {
      case 'ArrowDown':
        selectRow(Math.min(rows.length - 1, index + 1));
        break;
      case 'ArrowUp':
        selectRow(Math.max(0, index - 1));
        break;
      case 'Home':
        selectRow(0);
        break;
      case 'End':
        selectRow(rows.length - 1);
        break;
      case 'Enter':
        open(row);
        break;
      default:
        if (!objectKeys(event, targetOfRow(row))) return;
    }
    event.preventDefault();
  };

  const canMove = mayDragGroups(context?.role);

  // Rows get one stable handler object that calls the latest closures: a memoised row
  // never acts on an old list, role or cluster.
  const latest = useRef<RowHandlers | null>(null);
  latest.current = {
    select: (_row, index) => selectRow(index, false),
    open: (row) => open(row),
    keyDown: (row, index, event) => onRowKeyDown(event, row, index),
    contextMenu: (row, index, event) => {
      event.preventDefault();
      selectRow(index, false);
      openMenu(targetOfRow(row), { x: event.clientX, y: event.clientY });
    },
    dragStart: (row, _index, event) => startGroupDrag(event, row.name),
    dragOver: (row, _index, event) => groupDrop.dragOver(event, row.key),
    dragLeave: (row) => groupDrop.dragLeave(row.key),
    drop: (row, _index, event) => groupDrop.drop(event, row.name),
  };
  const handlers = useMemo<RowHandlers>(
    () => ({
      select: (...args) => latest.current!.select(...args),
      open: (...args) => latest.current!.open(...args),
      keyDown: (...args) => latest.current!.keyDown(...args),
      contextMenu: (...args) => latest.current!.contextMenu(...args),
      dragStart: (...args) => latest.current!.dragStart(...args),
      dragOver: (...args) => latest.current!.dragOver(...args),
      dragLeave: (...args) => latest.current!.dragLeave(...args),
      drop: (...args) => latest.current!.drop(...args),
    }),
    [],
  );
  const onBackgroundMenu = (event: MouseEvent) => {
    if (event.target !== event.currentTarget) return;
    event.preventDefault();
    openMenu(backgroundTarget, { x: event.clientX, y: event.clientY });
  };

  return (
    <div className="grid-scroll" ref={scroller} onContextMenu={onBackgroundMenu}>
      <div
        ref={grid}
        role="grid"
        aria-label={title}
        aria-rowcount={rows.length + 1}
        aria-colcount={columns.length}
        className={`object-grid cols-${columns.length}`}
      >
        <div role="row" aria-rowindex={1} className="grid-header">
          {columns.map((column) => (
            <HeaderCell
              key={column.id}
              column={column}
              order={order}
              onSort={() => setOrder(nextSortOrder(order, column.id))}
            />
          ))}
        </div>
        {view.padTop > 0 && <div role="presentation" style={{ height: view.padTop }} />}
        {rows
          .slice(view.start, view.end)
          .map((row, offset) => ({ row, index: view.start + offset }))
          .map(({ row, index }) => (
            <GridRow
              key={row.key}
              row={row}
              columns={columns}
              index={index}
              selected={row.key === selectedKey}
              focusable={index === focusIndex}
              pendingLabel={row.object.kind === 'folder' ? undefined : pending.get(pendingKey(targetOfRow(row)))?.label}
              dropOver={groupDrop.over === row.key}
              draggable={row.object.kind === 'group' && canMove}
              dropTarget={row.object.kind === 'node'}
              handlers={handlers}
            />
          ))}
        {view.padBottom > 0 && <div role="presentation" style={{ height: view.padBottom }} />}
      </div>
      {rows.length === 0 && <p className="grid-empty">There are no items to show in this view.</p>}
    </div>
  );
}

function HeaderCell({ column, order, onSort }: { column: Column; order: SortOrder; onSort(): void }) {
  const sorted = order.column === column.id ? order.direction : undefined;
  return (
    <div role="columnheader" aria-sort={sorted ?? 'none'} className="grid-cell grid-columnheader">
      <button type="button" className="sort-button" onClick={onSort} title={`Sort by ${column.label}`}>
        {column.label}
        <span className="sort-arrow" aria-hidden="true">
          {sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : ''}
        </span>
      </button>
    </div>
  );
}

type RowHandler<E = void> = (row: ListRow, index: number, event: E) => void;

interface RowHandlers {
  select: RowHandler;
  open: RowHandler;
  keyDown: RowHandler<KeyboardEvent>;
  contextMenu: RowHandler<MouseEvent>;
  dragStart: RowHandler<DragEvent>;
  dragOver: RowHandler<DragEvent>;
  dragLeave: RowHandler;
  drop: RowHandler<DragEvent>;
}

interface GridRowProps {
  row: ListRow;
  columns: Column[];
  index: number;
  selected: boolean;
  focusable: boolean;
  pendingLabel: string | undefined;
  dropOver: boolean;
  draggable: boolean;
  dropTarget: boolean;
  handlers: RowHandlers;
}

const sameRow = (a: GridRowProps, b: GridRowProps) =>
  a.row.name === b.row.name &&
  a.row.state === b.row.state &&
  a.row.owner === b.row.owner &&
  a.row.group === b.row.group &&
  a.row.type === b.row.type &&
  a.row.description === b.row.description &&
  a.columns === b.columns &&
  a.index === b.index &&
  a.selected === b.selected &&
  a.focusable === b.focusable &&
  a.pendingLabel === b.pendingLabel &&
  a.dropOver === b.dropOver &&
  a.draggable === b.draggable &&
  a.dropTarget === b.dropTarget &&
  a.handlers === b.handlers;

/** One row; re-renders only when what it shows changes (a 1000-row list stays quick under live updates). */
const GridRow = memo(function GridRow(props: GridRowProps) {
  const { row, columns, index, selected, focusable, pendingLabel, dropOver, draggable, dropTarget, handlers } = props;
  const kind = row.object.kind === 'folder' || row.object.kind === 'resourceType' ? undefined : row.object.kind;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      aria-busy={pendingLabel ? true : undefined}
      data-row-key={row.key}
      tabIndex={focusable ? 0 : -1}
      className={`grid-row${selected ? ' selected' : ''}${dropOver ? ' drop-target' : ''}${pendingLabel ? ' pending' : ''}`}
      onClick={() => handlers.select(row, index)}
      onFocus={() => handlers.select(row, index)}
      onDoubleClick={() => handlers.open(row, index)}
      onKeyDown={(event) => handlers.keyDown(row, index, event)}
      onContextMenu={(event) => handlers.contextMenu(row, index, event)}
      draggable={draggable}
      onDragStart={draggable ? (event) => handlers.dragStart(row, index, event) : undefined}
      onDragOver={dropTarget ? (event) => handlers.dragOver(row, index, event) : undefined}
      onDragLeave={dropTarget ? () => handlers.dragLeave(row, index) : undefined}
      onDrop={dropTarget ? (event) => handlers.drop(row, index, event) : undefined}
    >
      {columns.map((column) => (
        <div key={column.id} role="gridcell" className={`grid-cell cell-${column.id}`}>
          {column.id === 'state' && kind ? (
            <>
              <StateLabel state={row.state} kind={kind} />
              {pendingLabel && <span className="pending-label"> — {pendingLabel}</span>}
            </>
          ) : column.id === 'name' && row.object.kind === 'folder' ? (
            <span className="folder-name">
              <span aria-hidden="true" className="tree-glyph">
                ▣{' '}
              </span>
              {row.name}
            </span>
          ) : (
            row[column.id]
          )}
        </div>
      ))}
    </div>
  );
}, sameRow);
