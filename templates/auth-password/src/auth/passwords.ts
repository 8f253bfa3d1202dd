import { randomBytes } from 'node:crypto';

import { hash, verify } from '@node-rs/argon2';

// argon2id with the library's defaults: 19 MiB of memory, 2 passes, 1 lane (OWASP's recommended minimum).
// Each hash or check takes a few milliseconds of a worker thread, which is the point: guessing is slow too.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// A hash of a password nobody knows, made once when the module loads. Checking a login for an unknown user
// against it takes as long as checking a real one, so the response time does not tell who has an account.
const dummyHash = hash(randomBytes(32).toString('base64url'));

/**
 * Whether `password` matches `storedHash`. With no stored hash (no such user, or a user without a password),
 * the password is checked against the dummy hash all the same, and the answer is no.
 */
export async function verifyPassword(storedHash: string | null | undefined, password: string): Promise<boolean> {
  const matches = await verify(storedHash ?? (await dummyHash), password);
  return Boolean(storedHash) && matches;
}
