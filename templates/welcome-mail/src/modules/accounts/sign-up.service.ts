import type { Kysely } from 'kysely';

import type { Database } from '../../db/schema.js';
import { welcomeMailJob } from '../../jobs/welcome-mail.job.js';
import type { Queue } from '../../lib/queue.js';
import { UsersRepository } from '../users/users.repository.js';
import type { User } from '../users/users.schemas.js';
import { AccountsService } from './accounts.service.js';

/** Sign-up: the account, and the job that sends its welcome mail, in one transaction. */
export class SignUpService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly queue: Queue,
  ) {}

  /**
   * Creates the account and enqueues its welcome mail; both commit, or neither does: no mail for a sign-up that
   * failed (a 409, a lost connection), and no account whose mail was lost.
   */
  async register(email: string, password: string): Promise<User> {
    return this.db.transaction().execute(async (transaction) => {
      const user = await new AccountsService(new UsersRepository(transaction)).register(email, password);
      await this.queue.enqueue(welcomeMailJob, { userId: user.id }, { transaction });
      return user;
    });
  }
}
