// Makes an administrator: `npm run users:create-admin`. There is no default admin; with single sign-on nobody
// has a password here, so this script makes an admin with an email and no password, and their first login at
// the identity provider with that (verified) email links them to it. It takes ADMIN_EMAIL from the
// environment, or asks for it on the terminal. Someone who has logged in already is made an admin instead.
import { loadConfig, loadEnvFile } from '../config.js';
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
    const admin = existing
      ? await users.setRole(existing.id, 'admin')
      : await users.create({ email, passwordHash: null, role: 'admin' });
    console.log(`${existing ? 'Made' : 'Created'} admin ${admin.email} (${admin.id})`);
  } finally {
    await database.close();
  }
} catch (error) {
  console.error(`Could not make the admin: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
