// Creates an administrator: `npm run users:create-admin`. There is no default admin account and no default
// password; this script is how the first one is made. It takes ADMIN_EMAIL and ADMIN_PASSWORD from the
// environment (for automation), or asks for them on the terminal, the password without echo.
import { loadConfig, loadEnvFile } from '../config.js';
import { UsersRepository } from '../modules/users/users.repository.js';
import { emailSchema } from '../modules/users/users.schemas.js';
import { passwordSchema } from '../modules/accounts/accounts.schemas.js';
import { AccountsService } from '../modules/accounts/accounts.service.js';
import { input, openDatabase } from './setup.js';

loadEnvFile();
const config = loadConfig();

try {
  const email = await input('ADMIN_EMAIL', 'Admin email: ', emailSchema);
  const password = await input('ADMIN_PASSWORD', 'Admin password (12 to 128 characters): ', passwordSchema, true);
  const database = await openDatabase(config);
  try {
    const admin = await new AccountsService(new UsersRepository(database.db)).register(email, password, 'admin');
    console.log(`Created admin ${admin.email} (${admin.id})`);
  } finally {
    await database.close();
  }
} catch (error) {
  console.error(`Could not create the admin: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
