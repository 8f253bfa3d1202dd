import type { App } from '../src/app.js';
import { authenticatedUser } from '../src/auth/access.js';
import { type Role, rolePermissions } from '../src/auth/permissions.js';
import { ApiKeysRepository } from '../src/modules/api-keys/api-keys.repository.js';
import { ApiKeysService } from '../src/modules/api-keys/api-keys.service.js';
import { getTestDatabase } from './helpers.js';
import { createTestUser } from './users.js';

/**
 * A new user with this role and an API key with every permission of the role: the headers that authenticate a
 * request as them (`X-API-Key`), and the key. Every auth style's test/auth.ts has a signIn like this one.
 */
export async function signIn(_app: App, role: Role = 'user') {
  const user = await createTestUser(role);
  const { db } = await getTestDatabase();
  const created = await new ApiKeysService(new ApiKeysRepository(db)).create(authenticatedUser(user.id, role), {
    name: 'test key',
    scopes: [...rolePermissions[role]],
    expiresAt: null,
  });
  return { user, key: created.key, keyId: created.id, headers: { 'x-api-key': created.key } };
}
