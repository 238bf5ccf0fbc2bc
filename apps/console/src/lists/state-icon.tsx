/** The tone of a state: what colour and icon it gets. */
export type StateTone =
  | 'online'
  | 'offline'
  | 'failed'
  | 'pending'
  | 'partial'
  | 'up'
  | 'down'
  | 'paused'
  | 'joining'
  | 'none';

/** MSCS states and node states to their tone. */
export function stateTone(state: string): StateTone {
  switch (state) {
    case 'Online':
      return 'online';
    case 'Offline':
      return 'offline';
    case 'Failed':
      return 'failed';
    case 'OnlinePending':
    case 'OfflinePending':
    case 'Pending':
      return 'pending';
    case 'PartialOnline':
      return 'partial';
    case 'Up':
      return 'up';
    case 'Down':
      return 'down';
    case 'Paused':
      return 'paused';
    case 'Joining':
      return 'joining';
    default:
      return 'none';
  }
}

/** Online Pending, Offline Pending, Partial Online: the words with spaces, as people read them. */
export function stateText(state: string): string {
  return state.replace(/([a-z])([A-Z])/g, '$1 $2');
}

/**
 * A small state glyph, coloured by tone: up-arrow Online, down-arrow Offline, cross Failed,
 * clock Pending, half PartialOnline; node Up/Down/Paused. Decorative: the state is also text.
 */
export function StateIcon({ state, kind }: { state: string; kind?: 'group' | 'resource' | 'node' }) {
  const tone = stateTone(state);
  return (
    <svg
      className={`state-icon tone-${tone}${kind ? ` kind-${kind}` : ''}`}
      width="14"
      height="14"
      viewBox="0 0 16 16"
      aria-hidden="true"
      focusable="false"
    >
      <circle cx="8" cy="8" r="7" className="state-icon-disc" />
      {glyph(tone)}
    </svg>
  );
}

function glyph(tone: StateTone) {
  switch (tone) {
    case 'online':
    case 'up':
      return <path d="M8 4 L12 9 H9.5 V12 H6.5 V9 H4 Z" className="state-icon-mark" />;
    case 'offline':
    case 'down':
      return <path d="M8 12 L12 7 H9.5 V4 H6.5 V7 H4 Z" className="state-icon-mark" />;
    case 'failed':
      return <path d="M5 5 L11 11 M11 5 L5 11" className="state-icon-stroke" />;
    case 'pending':
    case 'joining':
      return <path d="M8 4.5 V8 L10.5 9.5" className="state-icon-stroke" />;
    case 'partial':
      return <path d="M8 1 A7 7 0 0 1 8 15 Z" className="state-icon-mark" />;
    case 'paused':
      return <path d="M6 5 V11 M10 5 V11" className="state-icon-stroke" />;
    default:
      return null;
  }
}

/** A state with its icon and text, for grid cells and dialogs. */
export function StateLabel({ state, kind }: { state: string; kind?: 'group' | 'resource' | 'node' }) {
  if (!state) return null;
  return (
    <span className={`state-label tone-${stateTone(state)}`}>
      <StateIcon state={state} {...(kind ? { kind } : {})} />
      <span>{stateText(state)}</span>
    </span>
  );
}
