import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Dialog } from '../app/dialog.tsx';

/** What Apply did: everything accepted, or not (and the first page with a refused field). */
export interface ApplyOutcome {
  ok: boolean;
  showTab?: string | undefined;
}

export interface SheetTab {
  id: string;
  /** The MSCS page name: General, Dependencies, Advanced, Parameters. */
  label: string;
  content: ReactNode;
  /** A field on this page was refused: the tab says so. */
  invalid?: boolean;
}

interface PropertySheetProps {
  title: string;
  tabs: SheetTab[];
  /** Viewers and operators: the sheet shows, with Close only. */
  readOnly: boolean;
  dirty: boolean;
  /** Saves every page; resolves whether all of it was accepted, and which page to show when not. */
  onApply(): Promise<ApplyOutcome>;
  onClose(): void;
  /** A message about the whole sheet (e.g. the server's reason for a refusal). */
  message?: string | undefined;
}

/** A sheet with nothing to save (a node, a resource type, an object that went away): Close only. */
export function ReadOnlySheet({
  title,
  tabs,
  onClose,
  message,
}: Pick<PropertySheetProps, 'title' | 'tabs' | 'onClose' | 'message'>) {
  return (
    <PropertySheet
      title={title}
      tabs={tabs}
      readOnly
      dirty={false}
      onApply={async () => ({ ok: true })}
      onClose={onClose}
      message={message}
    />
  );
}

/**
 * A property sheet as Cluster Administrator has them: tabs (ARIA tablist, arrows move
 * between them), and OK / Cancel / Apply — Apply saves and stays, OK saves and closes if
 * everything was accepted, Cancel closes without saving. Every page stays mounted, so
 * switching tabs keeps what was typed.
 */
export function PropertySheet({ title, tabs, readOnly, dirty, onApply, onClose, message }: PropertySheetProps) {
  const [active, setActive] = useState(tabs[0]?.id ?? '');
  const [applying, setApplying] = useState(false);
  const base = useId();
  const tabList = useRef<HTMLDivElement>(null);

  const apply = async (): Promise<boolean> => {
    setApplying(true);
    try {
      const outcome = await onApply();
      if (!outcome.ok && outcome.showTab) setActive(outcome.showTab);
      return outcome.ok;
    } finally {
      setApplying(false);
    }
  };

  const onTabKey = (event: KeyboardEvent, index: number) => {
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, Home: -index, End: tabs.length - 1 - index };
    const delta = moves[event.key];
    if (delta === undefined) return;
    event.preventDefault();
    const next = tabs[(index + delta + tabs.length) % tabs.length]!;
    setActive(next.id);
    tabList.current?.querySelector<HTMLElement>(`#${CSS.escape(`${base}-tab-${next.id}`)}`)?.focus();
  };

  return (
    <Dialog
      title={title}
      onClose={onClose}
      busy={applying}
      className="property-sheet"
      footer={
        readOnly ? (
          <button type="button" onClick={onClose} data-autofocus>
            Close
          </button>
        ) : (
          <>
            <button
              type="button"
              className="primary"
              disabled={applying}
              onClick={async () => (!dirty || (await apply())) && onClose()}
            >
              OK
            </button>
            <button type="button" disabled={applying} onClick={onClose}>
              Cancel
            </button>
            <button type="button" disabled={applying || !dirty} onClick={() => void apply()}>
              {applying ? 'Applying…' : 'Apply'}
            </button>
          </>
        )
      }
    >
      <div role="tablist" aria-label={`${title} pages`} className="tablist" ref={tabList}>
        {tabs.map((tab, index) => (
          <button
            key={tab.id}
            id={`${base}-tab-${tab.id}`}
            type="button"
            role="tab"
            aria-selected={active === tab.id}
            aria-controls={`${base}-panel-${tab.id}`}
            tabIndex={active === tab.id ? 0 : -1}
            className={`tab${tab.invalid ? ' invalid' : ''}`}
            onClick={() => setActive(tab.id)}
            onKeyDown={(event) => onTabKey(event, index)}
          >
            {tab.label}
            {tab.invalid && (
              <span className="tab-warning" aria-label="has errors">
                {' '}
                ⚠
              </span>
            )}
          </button>
        ))}
      </div>
      {tabs.map((tab) => (
        <div
          key={tab.id}
          id={`${base}-panel-${tab.id}`}
          role="tabpanel"
          aria-labelledby={`${base}-tab-${tab.id}`}
          hidden={active !== tab.id}
          className="tabpanel"
        >
          {tab.content}
        </div>
      ))}
      {message && (
        <p className="form-error sheet-message" role="alert">
          {message}
        </p>
      )}
    </Dialog>
  );
}
