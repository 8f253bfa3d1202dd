import { createHash, randomBytes } from 'node:crypto';

/**
 * A new secret token (a refresh token, a session id, an API key): 256 random bits in base64url, so it cannot
 * be guessed.
 */
export function newRandomToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * How a random token is stored: its SHA-256 hash, so that a copy of the database lets nobody in. A fast hash is
 * enough because the token is random; passwords need a slow one (argon2id) because people choose guessable
 * ones. Lookups stay one equality on a unique column.
 */
export function hashRandomToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
