import { expect, test } from 'vitest';
import { clientKey } from '../src/plugins/external/client-address.ts';

// The key the limiters and the refusal tally count a client by: an IPv6 client is its /64.
test('counts IPv4 (and IPv4-mapped IPv6) by the address, IPv6 by its /64', () => {
  expect(clientKey('10.0.0.1')).toBe('10.0.0.1');
  expect(clientKey('::ffff:10.0.0.9')).toBe('10.0.0.9');
  expect(clientKey('::FFFF:10.0.0.9')).toBe('10.0.0.9');
  expect(clientKey('2001:db8::1')).toBe('2001:db8::/64');
  expect(clientKey('2001:db8::6')).toBe('2001:db8::/64');
  expect(clientKey('2001:0DB8:0000:0000:ffff::1')).toBe('2001:db8::/64');
  expect(clientKey('2001:db8:0:1::1')).toBe('2001:db8:0:1::/64');
  expect(clientKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
  expect(clientKey('fe80::1%eth0')).toBe('fe80::/64');
  expect(clientKey('64:ff9b::1.2.3.4')).toBe('64:ff9b::/64');
  expect(clientKey('::1')).toBe('::/64');
  expect(clientKey('::')).toBe('::/64');
  expect(clientKey('not an address')).toBe('not an address');
});
