import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';

import { buildTestApp, getTestDatabase, testConfig } from '../test/helpers.js';
import { connectDatabase } from './db/connection.js';
import { createLogger } from './lib/logger.js';
import { closeResources } from './shutdown.js';

describe('graceful shutdown', () => {
  it('lets an in-flight request finish, closes resources in reverse order, then refuses connections', async () => {
    const { db } = await getTestDatabase();
    const app = await buildTestApp();
    app.get('/test/slow', async () => {
      await sleep(300);
      await sql`SELECT 1`.execute(db); // still using the database after shutdown began
      return 'finished';
    });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    // Acquired in this order, as main.ts does: a database pool, then the HTTP server.
    const database = await connectDatabase(testConfig({ DATABASE_URL: 'postgres://app@127.0.0.1:1/app' }));
    const closed: string[] = [];
    const resources = [
      {
        name: 'database',
        close: async () => {
          await database.close();
          closed.push('database');
        },
      },
      {
        name: 'http server',
        close: async () => {
          await app.close();
          closed.push('http server');
        },
      },
    ];

    const inFlight = fetch(`${address}/test/slow`);
    await sleep(100); // the request is now in its handler
    await closeResources(resources, createLogger(testConfig()));
    const response = await inFlight;

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('finished');
    expect(closed).toEqual(['http server', 'database']);
    await expect(fetch(`${address}/health`)).rejects.toThrow();
  });

  const fixture = fileURLToPath(new URL('../test/fixtures/close-on-signals.ts', import.meta.url));

  async function exitCodeAfterSigterm(...args: string[]) {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    while (!output.includes('"ready"')) await once(child.stdout, 'data');
    const startedAt = Date.now();
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number];
    return { code, elapsedMs: Date.now() - startedAt, output };
  }

  it('exits 0 after SIGTERM once everything is closed', async () => {
    const { code, output } = await exitCodeAfterSigterm();

    expect(code).toBe(0);
    expect(output).toContain('"signal":"SIGTERM"');
  });

  it('exits 1 when closing takes longer than the shutdown timeout', async () => {
    const { code, elapsedMs } = await exitCodeAfterSigterm('--hang');

    expect(code).toBe(1);
    expect(elapsedMs).toBeGreaterThanOrEqual(300);
  });
});
