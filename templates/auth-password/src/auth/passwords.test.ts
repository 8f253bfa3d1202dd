import { describe, expect, it } from 'vitest';

import { hashPassword, verifyPassword } from './passwords.js';

describe('passwords', () => {
  it('are hashed with argon2id, salted, and never kept in the hash', async () => {
    const first = await hashPassword('correct horse battery staple');
    const second = await hashPassword('correct horse battery staple');

    expect(first).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
    expect(second).not.toBe(first);
    expect(first).not.toContain('correct horse');
  });

  it('match only the password they were made from', async () => {
    const hash = await hashPassword('correct horse battery staple');

    await expect(verifyPassword(hash, 'correct horse battery staple')).resolves.toBe(true);
    await expect(verifyPassword(hash, 'Correct horse battery staple')).resolves.toBe(false);
  });

  it('are refused, after a full check against the dummy hash, when there is no stored hash', async () => {
    const started = performance.now();
    await expect(verifyPassword(undefined, 'anything at all')).resolves.toBe(false);
    await expect(verifyPassword(null, 'anything at all')).resolves.toBe(false);
    // Not a timing test: just proof that a hash was checked (argon2id takes milliseconds, a bare `false` none).
    expect(performance.now() - started).toBeGreaterThan(1);
  });
});
