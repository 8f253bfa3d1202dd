import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { expect } from 'vitest';

import { buildApp } from '../src/app.js';
import { type Config, loadConfig } from '../src/config.js';
import { connectDatabase, type DatabaseConnection } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { createLogger } from '../src/lib/logger.js';

/** The test environment's configuration, plus whatever a test needs to change. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', ...overrides });
}

let sharedDatabase: Promise<DatabaseConnection> | undefined;

/**
 * The migrated database that every test file in this worker process shares: starting PGlite takes seconds and
 * about 1 GB, so it happens once per worker (vitest.config.ts turns off per-file isolation for this).
 * With TEST_DATABASE_URL set, it is a database of this worker's own on that PostgreSQL server, so that workers
 * running test files side by side never see each other's tables and rows.
 */
export function getTestDatabase(): Promise<DatabaseConnection> {
  sharedDatabase ??= connectTestDatabase();
  return sharedDatabase;
}

async function connectTestDatabase(): Promise<DatabaseConnection> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const database = serverUrl
    ? await connectDatabase(testConfig({ DATABASE_URL: await createWorkerDatabase(serverUrl) }))
    : await connectDatabase(testConfig());
  await migrateToLatest(database.db);
  return database;
}

/** Creates an empty database named after TEST_DATABASE_URL's and this worker (app_test_worker_1), and its URL. */
async function createWorkerDatabase(serverUrl: string): Promise<string> {
  const url = new URL(serverUrl);
  const name = `${url.pathname.slice(1)}_worker_${process.env.VITEST_POOL_ID ?? '1'}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  url.pathname = `/${name}`;
  return url.toString();
}

/** Empties every table (but the migrations' bookkeeping), so that a test starts from a known state. */
export async function resetDatabase(database: DatabaseConnection): Promise<void> {
  const { rows } = await sql<{ tablename: string }>`
    SELECT tablename FROM pg_tables
    WHERE schemaname = current_schema() AND tablename NOT LIKE 'kysely_migration%'
  `.execute(database.db);
  if (rows.length === 0) return;
  await sql`TRUNCATE ${sql.join(rows.map((row) => sql.table(row.tablename)))} RESTART IDENTITY CASCADE`.execute(
    database.db,
  );
}

/** The app as main.ts builds it, on the shared test database; close it after the test (`await app.close()`). */
export async function buildTestApp(overrides: Record<string, string> = {}, database?: DatabaseConnection) {
  const config = testConfig(overrides);
  return buildApp({ config, logger: createLogger(config), database: database ?? (await getTestDatabase()) });
}

/**
 * Asserts that a response is an RFC 9457 problem with this status, carrying the request id, and that its body says
 * nothing about the database: no table, column, constraint or SQL text.
 */
export function expectProblem(response: LightMyRequestResponse, status: number): void {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({ status, requestId: response.headers['x-request-id'] });
  expect(response.body).not.toMatch(
    /_key\b|_fkey|_check|_pkey|_idx|constraint|violates|Key \(|relation|\bSELECT\b|\bINSERT\b/i,
  );
}
