import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

/** A message for the person: a refused command with the server's reason, or a short note. */
export interface Notification {
  id: number;
  tone: 'error' | 'info';
  title: string;
  message?: string;
}

interface Notifications {
  notify(notification: Omit<Notification, 'id'>): void;
  dismiss(id: number): void;
  list: Notification[];
}

const NotificationsContext = createContext<Notifications | null>(null);
let nextId = 1;

/** Holds the notifications; errors stay until dismissed, notes leave after a few seconds. */
export function NotificationsProvider({ children }: { children: ReactNode }) {
  const [list, setList] = useState<Notification[]>([]);
  const dismiss = useCallback((id: number) => setList((current) => current.filter((n) => n.id !== id)), []);
  const notify = useCallback(
    (notification: Omit<Notification, 'id'>) => {
      const id = nextId++;
      setList((current) => [...current.slice(-4), { ...notification, id }]);
      if (notification.tone === 'info') setTimeout(() => dismiss(id), 6000);
    },
    [dismiss],
  );
  const value = useMemo(() => ({ notify, dismiss, list }), [notify, dismiss, list]);
  return <NotificationsContext.Provider value={value}>{children}</NotificationsContext.Provider>;
}

/** The notifier, or undefined outside a NotificationsProvider (the user's menu mounted alone, in tests). */
export function useOptionalNotify(): Notifications['notify'] | undefined {
  return useContext(NotificationsContext)?.notify;
}

export function useNotify(): Notifications['notify'] {
  const context = useContext(NotificationsContext);
  if (!context) throw new Error('useNotify needs a NotificationsProvider');
  return context.notify;
}

/**
 * The notification area, a region named Notifications (a name on a plain div is not
 * allowed: nothing would read it): errors as alerts (read out at once), notes as status.
 */
export function NotificationArea() {
  const context = useContext(NotificationsContext);
  if (!context) return null;
  return (
    <section className="notifications" aria-label="Notifications">
      {context.list.map((n) => (
        <div key={n.id} className={`notification ${n.tone}`} role={n.tone === 'error' ? 'alert' : 'status'}>
          <div className="notification-text">
            <strong>{n.title}</strong>
            {n.message && <span>{n.message}</span>}
          </div>
          <button
            type="button"
            className="icon-button"
            aria-label={`Dismiss: ${n.title}`}
            onClick={() => context.dismiss(n.id)}
          >
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
