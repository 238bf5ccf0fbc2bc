import { useEffect, useState } from 'react';
import type { SessionInfo } from '@wolfpack/contracts';
import { ContextMenuProvider } from '../actions/context-menu.tsx';
import type { CommandTarget } from '../actions/registry.ts';
import { Toolbar } from '../actions/toolbar.tsx';
import { errorMessage } from '@wolfpack/client';
import { EventsPane } from '../events/events-pane.tsx';
import type { EventFilter } from '../events/event-filter.ts';
import { useCluster } from '../live/hooks.ts';
import { ObjectGrid } from '../lists/object-grid.tsx';
import { roleLabel } from '../session/roles.ts';
import { UserBadge } from '../session/user-badge.tsx';
import { ClusterTree, targetOfSelection } from '../tree/cluster-tree.tsx';
import { DialogHost } from './dialog-host.tsx';
import { LiveBanner, LiveIndicator } from './live-banner.tsx';
import { NotificationArea } from './notifications.tsx';
import { useSelection } from './routes.ts';
import type { Selection } from './selection.ts';

const folderLabels: Partial<Record<Selection['kind'], string>> = {
  groups: 'Groups',
  resources: 'Resources',
  configuration: 'Cluster Configuration',
  resourceTypes: 'Resource Types',
  nodes: 'Nodes',
};

/** The heading of the right pane for a selection. */
export function paneTitle(selection: Selection, clusterName: string): string {
  switch (selection.kind) {
    case 'cluster':
      return clusterName;
    case 'group':
      return `Resources of ${selection.name}`;
    case 'resource':
      return `Resource ${selection.name}`;
    case 'node':
      return `Active on ${selection.name}`;
    case 'nodeGroups':
      return `Active Groups on ${selection.name}`;
    case 'nodeResources':
      return `Active Resources on ${selection.name}`;
    default:
      return folderLabels[selection.kind] ?? selection.kind;
  }
}

const eventFilterOf = (selection: Selection): EventFilter | undefined =>
  selection.kind === 'group' || selection.kind === 'resource' || selection.kind === 'node'
    ? { kind: selection.kind, name: selection.name }
    : selection.kind === 'nodeGroups' || selection.kind === 'nodeResources'
      ? { kind: 'node', name: selection.name }
      : undefined;

/**
 * Cluster Administrator's window: title bar with the signed-in user, toolbar, the tree on
 * the left, the selected branch's list on the right, the events pane below, a status bar.
 */
export function ConsoleLayout({ session }: { session: SessionInfo }) {
  const [selection, select] = useSelection();
  const cluster = useCluster();
  const [focusTarget, setFocusTarget] = useState<CommandTarget | undefined>(undefined);
  const treeTarget = targetOfSelection(selection, paneTitle(selection, cluster.data?.name ?? 'Cluster'));
  useEffect(() => setFocusTarget(undefined), [selection]);
  const target = focusTarget ?? treeTarget;
  const suggested = eventFilterOf(selection);

  return (
    <ContextMenuProvider>
      <div className="console">
        <header className="titlebar">
          <div className="brand">
            <span className="brand-mark" aria-hidden="true">
              ◆
            </span>{' '}
            Wolfpack Cluster Administrator
          </div>
          {cluster.data && (
            <div className="cluster-name" aria-label="Cluster">
              {cluster.data.name}
            </div>
          )}
          <UserBadge session={session} />
        </header>
        <LiveBanner />
        <Toolbar target={target} />
        {cluster.isError && !cluster.data && (
          <p className="form-error" role="alert">
            The cluster could not be read: {errorMessage(cluster.error)}
          </p>
        )}
        {!cluster.data && !cluster.isError && (
          <p className="loading" role="status">
            Connecting to the cluster…
          </p>
        )}
        {cluster.data && (
          <>
            <div className="panes">
              <nav className="tree-pane" aria-label="Cluster navigation">
                <ClusterTree
                  cluster={cluster.data}
                  selection={selection}
                  onSelect={select}
                  onFocusTarget={setFocusTarget}
                />
              </nav>
              <main className="list-pane">
                <h1 className="pane-title">{paneTitle(selection, cluster.data.name)}</h1>
                <ObjectGrid
                  key={JSON.stringify(selection)}
                  cluster={cluster.data}
                  selection={selection}
                  title={paneTitle(selection, cluster.data.name)}
                  onOpenFolder={select}
                  onFocusTarget={setFocusTarget}
                  backgroundTarget={treeTarget}
                />
              </main>
            </div>
            <EventsPane cluster={cluster.data} {...(suggested ? { suggested } : {})} />
          </>
        )}
        <footer className="statusbar">
          <LiveIndicator />
          {cluster.data && (
            <span>
              {cluster.data.nodes.size} nodes · {cluster.data.groups.size} groups · {cluster.data.resources.size}{' '}
              resources
            </span>
          )}
          <span>
            {session.user} ({roleLabel[session.role]})
          </span>
        </footer>
        <NotificationArea />
        <DialogHost onSelect={select} />
      </div>
    </ContextMenuProvider>
  );
}
