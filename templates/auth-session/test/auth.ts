import { expect } from 'vitest';

import type { App } from '../src/app.js';
import type { Role } from '../src/auth/permissions.js';
import { createAccount, logIn } from './accounts.js';

/**
 * A new user with this role, logged in: the headers that authenticate a request as them (the session cookie),
 * and the Set-Cookie that login answered with. Every auth style's test/auth.ts has a signIn like this one.
 */
export async function signIn(app: App, role: Role = 'user') {
  const user = await createAccount(role);
  const response = await logIn(app, user);
  expect(response.statusCode).toBe(200);
  const setCookie = String(response.headers['set-cookie']);
  const cookie = setCookie.split(';', 1)[0] ?? '';
  return { user, setCookie, cookie, headers: { cookie } };
}
