import { AccountsService } from '../accounts/accounts.service.js';
import {
  createSessionsService,
  type NewSession,
  type SessionsDependencies,
  type SessionsService,
} from '../sessions/sessions.service.js';
import { UsersRepository } from '../users/users.repository.js';
import type { User } from '../users/users.schemas.js';

/** Logging in with an email and a password: a new server-side session once the password checks out. */
export class LoginService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly sessions: SessionsService,
  ) {}

  /**
   * A new session for these credentials, replacing the client's old one; the generic InvalidCredentialsError when
   * they are wrong.
   */
  async login(email: string, password: string, previousToken?: string): Promise<NewSession & { user: User }> {
    const user = await this.accounts.verifyCredentials(email, password);
    return { user, ...(await this.sessions.start(user.id, previousToken)) };
  }
}

export function createLoginService(dependencies: SessionsDependencies): LoginService {
  return new LoginService(
    new AccountsService(new UsersRepository(dependencies.db)),
    createSessionsService(dependencies),
  );
}
