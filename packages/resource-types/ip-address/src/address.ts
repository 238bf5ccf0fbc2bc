import type { FieldError } from '@wolfpack/contracts';
import { isIpv4Address } from '@wolfpack/contracts/addresses';

/** The private properties of an IP Address resource, defaults applied. */
export interface IpAddressProperties {
  address: string;
  prefixLength: number;
  interfaceName: string;
}

/** Read the private properties the agent hands over (already schema-validated). */
export function readProperties(properties: Record<string, unknown>): IpAddressProperties {
  return {
    address: String(properties.Address ?? ''),
    prefixLength: Number(properties.PrefixLength ?? 32),
    interfaceName: String(properties.Interface ?? 'lo'),
  };
}

/** The four octets of a dotted quad, or undefined when it is not one. */
export function parseDottedQuad(address: string): number[] | undefined {
  return isIpv4Address(address) ? address.split('.').map(Number) : undefined;
}

/** Linux routes all of 127.0.0.0/8 to lo, so such an address needs no configuration. */
export function isLoopback(address: string): boolean {
  return parseDottedQuad(address)?.[0] === 127;
}

/** Checks beyond the schema: the address must be one a host can own. */
export function validateAddress(properties: Record<string, unknown>): FieldError[] {
  const address = String(properties.Address ?? '');
  const octets = parseDottedQuad(address);
  if (!octets) {
    return [
      { path: 'private.Address', message: `Address "${address}" is not an IPv4 dotted quad such as 203.230.252.84` },
    ];
  }
  const first = octets[0] ?? 0;
  if (first === 0)
    return [{ path: 'private.Address', message: `Address "${address}" is in 0.0.0.0/8, which no host can own` }];
  if (first >= 224) {
    return [
      {
        path: 'private.Address',
        message: `Address "${address}" is a multicast or reserved address (224.0.0.0 and above), which no host can own`,
      },
    ];
  }
  return [];
}
