import { hash, verify } from '@node-rs/argon2';

/*
 * Passwords are kept only as argon2id hashes (PHC strings; @node-rs/argon2's default
 * algorithm and OWASP's parameters: 19 MiB, 2 passes).
 */

/** The argon2id hash of a password, to store in a UserRecord. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** True when the password matches the stored hash; false for a malformed hash too. */
export async function passwordMatches(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let decoy: Promise<string> | undefined;

/**
 * Spends the time of one verification on nothing: login answers an unknown user as
 * slowly as a wrong password, so timing does not tell which user names exist.
 */
export async function spendVerificationTime(password: string): Promise<void> {
  decoy ??= hashPassword('wolfpack decoy password');
  await passwordMatches(await decoy, password);
}
