import { hashPassword, verifyPassword } from '../../auth/passwords.js';
import type { Role } from '../../auth/permissions.js';
import { ConflictError, NotAuthenticatedError } from '../../lib/errors.js';
import type { UsersRepository } from '../users/users.repository.js';
import type { User } from '../users/users.schemas.js';

/** The one answer to every failed login, whatever failed: it must not tell which accounts exist. */
export class InvalidCredentialsError extends NotAuthenticatedError {
  constructor() {
    super('Invalid email or password');
    this.name = 'InvalidCredentialsError';
  }
}

/** Accounts with passwords: signing up and checking a login. Knows nothing of HTTP, cookies or tokens. */
export class AccountsService {
  constructor(private readonly users: UsersRepository) {}

  /** Creates an account; the role is never taken from the caller's input, so sign-up always gives `user`. */
  async register(email: string, password: string, role: Role = 'user'): Promise<User> {
    if (await this.users.findByEmail(email)) {
      throw new ConflictError('An account with this email already exists');
    }
    return this.users.create({ email, passwordHash: await hashPassword(password), role });
  }

  /**
   * The user these credentials belong to, or an InvalidCredentialsError. An unknown email and a wrong password
   * fail alike, with the same message and after the same password check (see verifyPassword).
   */
  async verifyCredentials(email: string, password: string): Promise<User> {
    const found = await this.users.findCredentials(email);
    const valid = await verifyPassword(found?.passwordHash, password);
    if (!found || !valid) throw new InvalidCredentialsError();
    return found.user;
  }
}
