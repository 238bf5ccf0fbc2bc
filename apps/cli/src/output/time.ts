/*
 * Times as a person at this machine reads them: local time, to the second for listings,
 * to the millisecond for the event log (a failover takes a few hundred ms).
 */

const two = (value: number) => String(value).padStart(2, '0');

export function clock(time: number, milliseconds = false): string {
  const at = new Date(time);
  const date = `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}`;
  const seconds = `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
  return `${date} ${seconds}${milliseconds ? `.${String(at.getMilliseconds()).padStart(3, '0')}` : ''}`;
}

/** A past moment, or '-' when there is none. */
export function since(time: number | undefined): string {
  return time === undefined ? '-' : clock(time);
}
