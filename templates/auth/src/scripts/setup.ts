// What the scripts that make the first admin share: the database, migrated when it is the embedded one, and
// values from the environment (for automation) or else asked for on the terminal.
import { createInterface } from 'node:readline/promises';

import type { z } from 'zod';

import type { Config } from '../config.js';
import { connectDatabase, type DatabaseConnection } from '../db/connection.js';
import { migrateToLatest } from '../db/migrator.js';

/**
 * The service's database. The embedded one is brought up to date first, as the server does when it starts, so
 * that these scripts work before the service has ever run; a PostgreSQL server is migrated by `db:migrate`.
 */
export async function openDatabase(config: Config): Promise<DatabaseConnection> {
  const database = await connectDatabase(config);
  if (!config.DATABASE_URL) await migrateToLatest(database.db);
  return database;
}

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

/** The variable's value, else the answer to the question (hidden: nothing echoed); validated by `schema`. */
export async function input<T>(name: string, question: string, schema: z.ZodType<T>, hidden = false): Promise<T> {
  let value = process.env[name];
  if (!value) {
    if (!process.stdin.isTTY) throw new Error(`set ${name}, or run this in a terminal to be asked for it`);
    value = hidden ? await askHidden(question) : await ask(question);
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${name}: ${result.error.issues[0]?.message ?? 'invalid'}`);
  return result.data;
}
