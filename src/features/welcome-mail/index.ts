import { type Feature, sameEverywhere } from '../types.js';

/**
 * Mail, and the example of a one-off job: a welcome mail for every sign-up, enqueued in the transaction that creates
 * the account, sent once (a unique key), through SMTP when SMTP_URL is set and logged otherwise.
 */
export const welcomeMailFeature: Feature = {
  id: 'welcome-mail',
  description: 'A Mailer (SMTP, or the log in development) and a welcome mail job enqueued with each sign-up',
  requires: ['queue', 'auth-password'],
  when: (options) => options.queue !== 'none' && (options.auth === 'session' || options.auth === 'jwt'),
  dependencies: ['nodemailer'],
  devDependencies: ['smtp-server'],
  env: [
    {
      name: 'SMTP_URL',
      description: 'where mail is sent, e.g. `smtps://user:password@smtp.example.com`',
      schema: 'z.url().optional()',
      unsetMeans: 'mail is logged, not sent',
    },
    {
      name: 'MAIL_FROM',
      description: 'the sender of the mail the service sends (set it with SMTP_URL: a real server checks it)',
      schema: 'z.string().min(3)',
      defaults: sameEverywhere('no-reply@localhost'),
    },
  ],
  templates: 'welcome-mail',
  contributes: {
    tables: [{ table: 'welcome_mails', type: 'WelcomeMailsTable', from: '../jobs/welcome-mail.job.js' }],
  },
};
