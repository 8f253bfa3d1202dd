import type { Generated } from 'kysely';
import { z } from 'zod';

import { createMailer, type Mail } from '../lib/mailer.js';
import { defineJob } from './job.js';

/** The welcome mails sent: one row per account, whose primary key lets the job send each mail once. */
export interface WelcomeMailsTable {
  user_id: string;
  sent_at: Generated<Date>;
}

/**
 * A one-off job: the welcome mail of a new account. Sign-up enqueues it in the transaction that creates the
 * account (SignUpService), so the mail goes out if and only if the account was created.
 */
export const welcomeMailJob = defineJob({
  name: 'welcome-mail',
  payload: z.object({ userId: z.uuid() }),
  // The mailer gives up on a server that does not answer within 10 to 20 s; a run may take that long.
  policy: { timeoutSeconds: 30 },
  async handle({ userId }, { config, db, logger }) {
    const user = await db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirst();
    if (!user) {
      logger.info('the account was deleted before its welcome mail went out: nothing to send');
      return;
    }
    await db.transaction().execute(async (transaction) => {
      // Idempotent through a unique key: the run records the mail in the transaction that sends it, so a second run
      // (a retry after a timeout, or after a worker was killed before its run was recorded) finds the record and sends
      // nothing, and waits, if the first is still sending, until it commits. A send that fails rolls the record back,
      // and the retry sends. What is left is the window between the server's acceptance and the commit: a mail can
      // go out twice, never zero times.
      const recorded = await transaction
        .insertInto('welcome_mails')
        .values({ user_id: userId })
        .onConflict((conflict) => conflict.column('user_id').doNothing())
        .returning('user_id')
        .executeTakeFirst();
      if (!recorded) {
        logger.info('welcome mail sent already');
        return;
      }
      const mailer = createMailer(config, logger);
      try {
        await mailer.send(welcomeMail(user.email));
      } finally {
        mailer.close();
      }
    });
  },
});

function welcomeMail(to: string): Mail {
  return {
    to,
    subject: 'Welcome',
    text: 'Your account is ready. Sign in with this address and the password you chose.\n',
  };
}
