/*
 * The IPv4 address rule, written once: the Ipv4Address schema (commands.ts), the resource
 * types' own checks and the IP Address manifest's pattern (a test holds it to this one)
 * read it from here. No imports, so a resource type's engine bundle takes this file alone.
 */

/** An IPv4 address in dotted-decimal form: four numbers 0-255, no leading zeros, separated by dots. */
export const ipv4Pattern =
  '^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$';

const ipv4Expression = new RegExp(ipv4Pattern);

/** Whether the text is an IPv4 address in dotted-decimal form (`127.0.0.1`; not `127.0.0.01` or `256.1.1.1`). */
export const isIpv4Address = (text: string): boolean => ipv4Expression.test(text);
