/*
 * Colour for people only: on a terminal, unless NO_COLOR is set (https://no-color.org)
 * or --no-color is given. Piped output stays plain so grep and awk see the words.
 */

export type Color = 'green' | 'red' | 'yellow' | 'dim' | 'bold';

const codes: Record<Color, [number, number]> = {
  green: [32, 39],
  red: [31, 39],
  yellow: [33, 39],
  dim: [2, 22],
  bold: [1, 22],
};

/** Whether to colour what goes to `stream`. */
export function colorWanted(stream: { isTTY?: boolean }, flag: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  return flag && stream.isTTY === true && (env.NO_COLOR ?? '') === '' && env.TERM !== 'dumb';
}

export function paint(text: string, color: Color | undefined, enabled: boolean): string {
  if (!enabled || !color || text === '') return text;
  const [open, close] = codes[color];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}

/** The colour of a node, group or resource state: green running, red failed or down, yellow on the way. */
export function stateColor(state: string): Color | undefined {
  switch (state) {
    case 'Online':
    case 'Up':
      return 'green';
    case 'Failed':
    case 'Down':
      return 'red';
    case 'Pending':
    case 'OnlinePending':
    case 'OfflinePending':
    case 'PartialOnline':
    case 'Joining':
    case 'Paused':
      return 'yellow';
    case 'Offline':
      return 'dim';
    default:
      return undefined;
  }
}
