import { isIPv4, isIPv6 } from 'node:net';

/*
 * Whom a request is counted as: its address, except that an IPv6 client is its /64. A
 * single host is commonly handed a whole /64 (SLAAC, privacy addresses), so counting each
 * IPv6 address apart would give one host 2^64 budgets. IPv4 and IPv4-mapped IPv6
 * (::ffff:a.b.c.d, an IPv4 client on a dual-stack socket) are the IPv4 address. Every
 * limiter, the /live handshake admission and the refusal tally count by this key, so a
 * /64 cannot get more sign-in guesses or fill more of the tally's slots than one address.
 */

/** The eight 16-bit groups of an IPv6 address (no zone), or undefined if it is none. */
function groupsOf(address: string): number[] | undefined {
  let text = address;
  const tail: number[] = [];
  // An embedded IPv4 tail (::ffff:10.0.0.1, 64:ff9b::1.2.3.4) is two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    if (!isIPv4(dotted[1]!)) return undefined;
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    tail.push((a << 8) | b, (c << 8) | d);
    text = text.slice(0, -dotted[1]!.length);
    text = text.endsWith('::') ? text : text.slice(0, -1);
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16)));
  const front = parse(head);
  const back = [...parse(rest ?? ''), ...tail];
  const missing = 8 - front.length - back.length;
  if (rest === undefined ? missing !== 0 : missing < 0) return undefined;
  return [...front, ...Array<number>(Math.max(missing, 0)).fill(0), ...back];
}

/** The key a client address is counted by: IPv4 as is, IPv6 as its /64 (`2001:db8:0:1::/64`). */
export function clientKey(address: string): string {
  const bare = address.replace(/%.*$/, '');
  if (!isIPv6(bare)) return address.toLowerCase();
  const groups = groupsOf(bare.toLowerCase());
  if (groups === undefined) return address.toLowerCase();
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  if (mapped) return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  // The prefix in the short form: trailing zero groups of the four collapse into '::'.
  const prefix = groups.slice(0, 4).map((group) => group.toString(16));
  while (prefix.length > 0 && prefix[prefix.length - 1] === '0') prefix.pop();
  return `${prefix.join(':')}::/64`;
}
