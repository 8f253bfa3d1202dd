import { randomUUID } from 'node:crypto';

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
