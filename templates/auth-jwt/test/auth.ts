import { expect } from 'vitest';

import type { App } from '../src/app.js';
import type { Role } from '../src/auth/permissions.js';
import { createAccount, logIn } from './accounts.js';

/**
 * A new user with this role, logged in: the headers that authenticate a request as them (`Authorization:
 * Bearer ...`), and the tokens login returned. Every auth style's test/auth.ts has a signIn like this one.
 */
export async function signIn(app: App, role: Role = 'user') {
  const user = await createAccount(role);
  const response = await logIn(app, user);
  expect(response.statusCode).toBe(200);
  const tokens = response.json<{ accessToken: string; refreshToken: string }>();
  return { user, tokens, headers: { authorization: `Bearer ${tokens.accessToken}` } };
}
