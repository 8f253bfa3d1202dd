import nodemailer from 'nodemailer';

import type { Config } from '../config.js';
import type { Logger } from './logger.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Sends mail: through the SMTP server of SMTP_URL, or, when it is unset (development, tests), into the log. */
export interface Mailer {
  /** Resolves once the server has accepted the mail; rejects when it refuses it or cannot be reached in time. */
  send(mail: Mail): Promise<void>;
  close(): void;
}

export function createMailer(config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM' | 'NODE_ENV'>, logger: Logger): Mailer {
  if (!config.SMTP_URL) return new LogMailer(config.NODE_ENV === 'production', logger);
  const transport = nodemailer.createTransport(
    {
      url: config.SMTP_URL,
      // A server that does not answer is given up on in seconds, so that the job's retry comes soon.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    },
    { from: config.MAIL_FROM },
  );
  return {
    async send(mail) {
      await transport.sendMail(mail);
    },
    close() {
      transport.close();
    },
  };
}

/** Mail written to the log: how development reads it. In production it is a mistake, logged as a warning. */
class LogMailer implements Mailer {
  constructor(
    private readonly production: boolean,
    private readonly logger: Logger,
  ) {}

  async send(mail: Mail): Promise<void> {
    const message = 'mail not sent (SMTP_URL is not set): logged instead';
    if (this.production) this.logger.warn({ mail: { to: mail.to, subject: mail.subject } }, message);
    else this.logger.info({ mail }, message);
  }

  close(): void {}
}
