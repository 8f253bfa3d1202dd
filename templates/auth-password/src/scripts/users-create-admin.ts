// Creates an administrator: `npm run users:create-admin`. There is no default admin account and no default
// password; this script is how the first one is made. It takes ADMIN_EMAIL and ADMIN_PASSWORD from the
// environment (for automation), or asks for them on the terminal, the password without echo.
import { createInterface } from 'node:readline/promises';

import type { z } from 'zod';

import { loadConfig, loadEnvFile } from '../config.js';
import { connectDatabase } from '../db/connection.js';
import { UsersRepository } from '../modules/users/users.repository.js';
import { emailSchema } from '../modules/users/users.schemas.js';
import { passwordSchema } from '../modules/accounts/accounts.schemas.js';
import { AccountsService } from '../modules/accounts/accounts.service.js';

async function ask(question: string): Promise<string> {
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await terminal.question(question);
  } finally {
    terminal.close();
  }
}

/** Reads a line with the terminal in raw mode, showing nothing of what is typed. */
function askHidden(question: string): Promise<string> {
  process.stdout.write(question);
  process.stdin.setRawMode(true);
  process.stdin.setEncoding('utf8');
  process.stdin.resume();
  let answer = '';
  return new Promise((resolve, reject) => {
    const finish = () => {
      process.stdin.off('data', onData);
      process.stdin.setRawMode(false);
      process.stdin.pause();
      process.stdout.write('\n');
    };
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n') {
          finish();
          resolve(answer);
          return;
        }
        if (character === '\u0003' || character === '\u0004') {
          // Ctrl-C or Ctrl-D
          finish();
          reject(new Error('cancelled'));
          return;
        }
        const backspace = character === '\u007f' || character === '\b';
        answer = backspace ? answer.slice(0, -1) : answer + character;
      }
    };
    process.stdin.on('data', onData);
  });
}

/** The variable's value, else the answer to the question; validated by `schema`. */
async function input<T>(name: string, question: string, schema: z.ZodType<T>, hidden = false): Promise<T> {
  let value = process.env[name];
  if (!value) {
    if (!process.stdin.isTTY) throw new Error(`set ${name}, or run this in a terminal to be asked for it`);
    value = hidden ? await askHidden(question) : await ask(question);
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${name}: ${result.error.issues[0]?.message ?? 'invalid'}`);
  return result.data;
}

loadEnvFile();
const config = loadConfig();

try {
  const email = await input('ADMIN_EMAIL', 'Admin email: ', emailSchema);
  const password = await input('ADMIN_PASSWORD', 'Admin password (12 to 128 characters): ', passwordSchema, true);
  const database = await connectDatabase(config);
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
