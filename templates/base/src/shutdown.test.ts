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
  it('lets an in-flight request finish, closes resources in reverse order, and refuses new connections', async () => {
    const { db } = await getTestDatabase();
    const app = await buildTestApp();
    let requestArrived!: () => void;
    const inHandler = new Promise<void>((resolve) => (requestArrived = resolve));
    app.get('/test/slow', async () => {
      requestArrived();
      await sleep(200);
      await sql`SELECT 1`.execute(db); // still using the database after shutdown began
      return 'finished';
    });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    // Acquired in this order, as server.ts does: a database pool, then the HTTP server.
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
    await inHandler;
    const closing = closeResources(resources, createLogger(testConfig()));
    while (app.server.listening) await sleep(5);
    // The slow request is still running: a new connection now is refused.
    const newConnection = await fetch(`${address}/health`).then(
      () => 'accepted',
      () => 'refused',
    );
    const response = await inFlight;

    expect(newConnection).toBe('refused');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('finished');
    // Its keep-alive connection ends with it, rather than holding the closing server open (plugins/draining.ts).
    expect(response.headers.get('connection')).toBe('close');
    await closing;
    expect(closed).toEqual(['http server', 'database']);
  });

  it('answers /ready with 503 once draining begins, and goes on serving every other route, closing connections', async () => {
    const app = await buildTestApp();
    expect((await app.inject({ url: '/ready' })).statusCode).toBe(200);

    app.startDraining();
    const ready = await app.inject({ url: '/ready' });
    const health = await app.inject({ url: '/health' });
    await app.close();

    expect(ready.statusCode).toBe(503);
    expect(ready.json().detail).toBe('Not ready: shutting down');
    expect(health.statusCode).toBe(200);
    // A keep-alive client reconnects, and the load balancer sends it to another instance.
    expect(health.headers.connection).toBe('close');
  });

  it('exits 1 when closing takes longer than the shutdown timeout', async () => {
    // A process whose one resource never closes, with a shutdown timeout of 300 ms.
    const fixture = fileURLToPath(new URL('../test/fixtures/never-closes.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', fixture], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    while (!output.includes('"ready"')) await once(child.stdout, 'data');

    const signalledAt = Date.now();
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number];

    expect(code).toBe(1);
    expect(Date.now() - signalledAt).toBeGreaterThanOrEqual(300);
  });
});
