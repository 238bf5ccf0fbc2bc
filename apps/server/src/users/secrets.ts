import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random secret for cookies, tokens and CSRF: 32 bytes, URL-safe. */
export const newSecret = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** sha256 hex: what the store keeps instead of a session id or token secret. */
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Compares two secrets in constant time (for equal lengths). */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
