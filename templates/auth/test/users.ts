import { randomUUID } from 'node:crypto';

import type { Role } from '../src/auth/permissions.js';
import { UsersRepository } from '../src/modules/users/users.repository.js';
import type { User } from '../src/modules/users/users.schemas.js';
import { getTestDatabase } from './helpers.js';

/** A user with this role and no password, straight in the database (sign-up only ever makes `user`s). */
export async function createTestUser(
  role: Role = 'user',
  email = `${role}-${randomUUID()}@example.com`,
): Promise<User> {
  const { db } = await getTestDatabase();
  return new UsersRepository(db).create({ email, passwordHash: null, role });
}
