import { useEffect, useState } from 'react';
import { useLive, useLiveStatus } from '../live/live-provider.tsx';

/**
 * A clear banner while the live stream is down: the view is frozen at the revision it
 * shows, and the console is reconnecting (it resumes from that revision).
 */
export function LiveBanner() {
  const status = useLiveStatus();
  const { sync, connection } = useLive();
  const [, tick] = useState(0);
  useEffect(() => {
    if (status.state === 'connected') return;
    const timer = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [status.state]);
  if (status.state === 'connected') return null;
  if (status.state === 'connecting' && Date.now() - status.since < 1500) return null;
  const seconds = Math.round((Date.now() - status.since) / 1000);
  const revision = sync.revision;
  return (
    <div className="live-banner" role="alert">
      <strong>{status.state === 'unauthorized' ? 'Your session has ended.' : 'Disconnected from the cluster.'}</strong>{' '}
      {status.state === 'unauthorized'
        ? 'Log on again to see live state.'
        : `Reconnecting${seconds > 1 ? ` (${seconds} s)` : ''}… What you see is the cluster as of revision ${revision ?? '—'} and may be out of date.`}
      {status.reason && <span className="hint"> ({status.reason})</span>}
      {status.state !== 'unauthorized' && (
        <button type="button" onClick={() => connection.reconnect()}>
          Reconnect now
        </button>
      )}
    </div>
  );
}

/** The status bar's live indicator. */
export function LiveIndicator() {
  const status = useLiveStatus();
  const { sync } = useLive();
  const label = status.state === 'connected' ? 'Live' : status.state === 'connecting' ? 'Connecting' : 'Disconnected';
  return (
    <span
      className={`live-indicator live-${status.state}`}
      role="status"
      aria-label={`Live state: ${label}, revision ${sync.revision ?? 'none'}`}
    >
      <span className="live-dot" aria-hidden="true" /> {label} · revision {sync.revision ?? '—'}
    </span>
  );
}
