import { randomUUID } from 'node:crypto';

import type { App } from '../src/app.js';
import type { Role } from '../src/auth/permissions.js';
import { AccountsService } from '../src/modules/accounts/accounts.service.js';
import { UsersRepository } from '../src/modules/users/users.repository.js';
import type { User } from '../src/modules/users/users.schemas.js';
import { getTestDatabase } from './helpers.js';

export const testPassword = 'correct horse battery staple';

/** A user with this role whose password is testPassword, straight in the database. */
export async function createAccount(role: Role = 'user', email = `${role}-${randomUUID()}@example.com`): Promise<User> {
  const { db } = await getTestDatabase();
  return new AccountsService(new UsersRepository(db)).register(email, testPassword, role);
}

/** POST /v1/auth/login as this user, with the test password; a test checks what the auth style answered. */
export function logIn(app: App, user: User, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    payload: { email: user.email, password: testPassword },
    headers,
  });
}
