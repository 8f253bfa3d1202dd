// Creates the first API key: `npm run api-keys:create-admin`. There is no default key; this script makes an
// admin user (when there is none with this email) and a key that has every permission of the admin role. It
// takes ADMIN_EMAIL from the environment, or asks for it on the terminal, and prints the key once.
import { authenticatedUser } from '../auth/access.js';
import { rolePermissions } from '../auth/permissions.js';
import { loadConfig, loadEnvFile } from '../config.js';
import { ApiKeysRepository } from '../modules/api-keys/api-keys.repository.js';
import { ApiKeysService } from '../modules/api-keys/api-keys.service.js';
import { UsersRepository } from '../modules/users/users.repository.js';
import { emailSchema } from '../modules/users/users.schemas.js';
import { input, openDatabase } from './setup.js';

loadEnvFile();
const config = loadConfig();

try {
  const email = await input('ADMIN_EMAIL', 'Admin email: ', emailSchema);
  const database = await openDatabase(config);
  try {
    const users = new UsersRepository(database.db);
    const existing = await users.findByEmail(email);
    if (existing && existing.role !== 'admin') throw new Error(`${email} exists and is not an admin`);
    const admin = existing ?? (await users.create({ email, passwordHash: null, role: 'admin' }));
    const created = await new ApiKeysService(new ApiKeysRepository(database.db)).create(
      authenticatedUser(admin.id, 'admin'),
      { name: 'first admin key', scopes: [...rolePermissions.admin], expiresAt: null },
    );
    console.log(`Created an API key for admin ${admin.email}. It is shown this once; store it now:\n${created.key}`);
  } finally {
    await database.close();
  }
} catch (error) {
  console.error(`Could not create the key: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
