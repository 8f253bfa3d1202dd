import { randomUUID } from 'node:crypto';

import type { App } from '../src/app.js';
import type { Role } from '../src/auth/permissions.js';
import { UsersRepository } from '../src/modules/users/users.repository.js';
import type { User } from '../src/modules/users/users.schemas.js';
import { UsersService } from '../src/modules/users/users.service.js';
import { getTestDatabase } from './helpers.js';

export const testPassword = 'correct horse battery staple';

/** Creates a user with this role (straight in the database: sign-up only ever makes `user`s). */
export async function createTestUser(
  role: Role = 'user',
  email = `${role}-${randomUUID()}@example.com`,
): Promise<User> {
  const { db } = await getTestDatabase();
  return new UsersService(new UsersRepository(db)).register(email, testPassword, role);
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
