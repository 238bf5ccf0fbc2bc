import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { client } from '../api/index.ts';
import { installClusterDefaults } from './cluster-query.ts';
import { LiveConnection, type LiveStatus } from './live-connection.ts';
import { LiveSync } from './live-sync.ts';

interface Live {
  sync: LiveSync;
  connection: LiveConnection;
}

const LiveContext = createContext<Live | null>(null);

/** Opens the client's live feed for the signed-in user and feeds the query cache from it. */
export function LiveProvider({
  children,
  onUnauthorized,
  onReconnected,
}: {
  children: ReactNode;
  onUnauthorized: (reason: string | undefined) => void;
  onReconnected: () => void;
}) {
  const queryClient = useQueryClient();
  const [live] = useState<Live>(() => {
    installClusterDefaults(queryClient);
    const sync = new LiveSync(queryClient);
    return { sync, connection: new LiveConnection({ sync, open: () => client.live(), onUnauthorized, onReconnected }) };
  });
  useEffect(() => {
    live.connection.start();
    return () => live.connection.stop();
  }, [live]);
  return <LiveContext.Provider value={live}>{children}</LiveContext.Provider>;
}

/** The live sync and connection of the signed-in console. */
export function useLive(): Live {
  const live = useContext(LiveContext);
  if (!live) throw new Error('useLive needs a LiveProvider above it');
  return live;
}

/** Whether the console is receiving the live stream, for the banner. */
export function useLiveStatus(): LiveStatus {
  const { connection } = useLive();
  return useSyncExternalStore(connection.subscribe, connection.getStatus);
}

/** Reads the cluster through REST: only when the stream is slow to deliver its snapshot. */
export const readCluster = () => client.cluster.get();
