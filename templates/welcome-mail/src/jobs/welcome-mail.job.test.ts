import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createAccount, testPassword } from '../../test/accounts.js';
import { buildTestApp, testConfig } from '../../test/helpers.js';
import { runJob, waitingPayloads } from '../../test/jobs.js';
import { welcomeMailJob } from './welcome-mail.job.js';

interface Received {
  from: string;
  to: string[];
  message: string;
}

/** A real SMTP server on a free port, which keeps what it receives, or refuses every mail while `refusing`. */
async function startSmtpServer() {
  const received: Received[] = [];
  const state = { refusing: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let message = '';
      stream.on('data', (chunk: Buffer) => (message += chunk.toString()));
      stream.on('end', () => {
        if (state.refusing) {
          callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
          return;
        }
        const envelope = session.envelope;
        received.push({
          from: envelope.mailFrom ? envelope.mailFrom.address : '',
          to: envelope.rcptTo.map((recipient) => recipient.address),
          message,
        });
        callback();
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as AddressInfo;
  return {
    received,
    state,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(resolve)),
  };
}

describe('the welcome mail', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp.close();
  });
  beforeEach(() => {
    smtp.received.length = 0;
    smtp.state.refusing = false;
  });

  const sending = () => ({ config: testConfig({ SMTP_URL: smtp.url, MAIL_FROM: 'hello@example.com' }) });

  /** The welcome mails that wait to be sent to this account: no worker runs in these tests. */
  async function welcomeMailsFor(userId: string): Promise<number> {
    const waiting = await waitingPayloads(welcomeMailJob);
    return waiting.filter((payload) => payload.userId === userId).length;
  }

  it('is enqueued by a sign-up, with the account, and not by one that fails', async () => {
    const app = await buildTestApp();
    try {
      const email = `new-${randomUUID()}@example.com`;
      const signUp = () =>
        app.inject({ method: 'POST', url: '/v1/auth/register', payload: { email, password: testPassword } });

      const created = await signUp();
      expect(created.statusCode).toBe(201);
      expect(await welcomeMailsFor(created.json<{ id: string }>().id)).toBe(1);

      expect((await signUp()).statusCode).toBe(409);
      expect(await welcomeMailsFor(created.json<{ id: string }>().id)).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('is sent through SMTP to the new account, from MAIL_FROM, and only once however often the job runs', async () => {
    const user = await createAccount();

    await runJob(welcomeMailJob, { userId: user.id }, sending());
    await runJob(welcomeMailJob, { userId: user.id }, sending()); // a retry, or a run after a killed worker's

    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]).toMatchObject({ from: 'hello@example.com', to: [user.email] });
    expect(smtp.received[0]?.message).toContain('Subject: Welcome');
  });

  it('fails when the server refuses the mail, and records nothing, so that the retry sends it', async () => {
    const user = await createAccount();
    smtp.state.refusing = true;

    await expect(runJob(welcomeMailJob, { userId: user.id }, sending())).rejects.toThrow(/550/);

    smtp.state.refusing = false;
    await runJob(welcomeMailJob, { userId: user.id }, sending());
    expect(smtp.received.map((mail) => mail.to)).toEqual([[user.email]]);
  });

  it('fails, soon, when the server cannot be reached', async () => {
    const user = await createAccount();
    const unreachable = { config: testConfig({ SMTP_URL: 'smtp://127.0.0.1:1' }) };

    await expect(runJob(welcomeMailJob, { userId: user.id }, unreachable)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('sends nothing for an account deleted before the job ran', async () => {
    await runJob(welcomeMailJob, { userId: randomUUID() }, sending());

    expect(smtp.received).toEqual([]);
  });

  it('is logged, not sent, when SMTP_URL is unset', async () => {
    const user = await createAccount();

    await expect(runJob(welcomeMailJob, { userId: user.id })).resolves.toBeUndefined();
    expect(smtp.received).toEqual([]);
  });
});
