import { mkdir } from 'node:fs/promises';

import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';

import type { Config } from '../config.js';
import type { Database } from './schema.js';

// A DATE column holds a calendar day, not an instant: keep PostgreSQL's 'YYYY-MM-DD' text rather than pg's default,
// a JS Date at local midnight, which JSON writes as a UTC time (on the day before, east of Greenwich).
// (numeric and bigint already arrive as strings, timestamptz as a Date.) This setting is global to the pg driver.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export interface DatabaseConnection {
  db: Kysely<Database>;
  pool: pg.Pool;
  /** Ends the pool, then stops the embedded database if there is one. */
  close(): Promise<void>;
}

type DatabaseConfig = Pick<Config, 'DATABASE_URL' | 'DATABASE_POOL_MAX' | 'PGLITE_DATA_DIR'>;

/**
 * Connects to PostgreSQL at DATABASE_URL, or, when it is unset, to PGlite: real PostgreSQL compiled to
 * WebAssembly, running inside this process (stored in PGLITE_DATA_DIR, or in memory when that is unset).
 * Both go through the same `pg` pool and Kysely dialect, so the app cannot tell them apart.
 */
export async function connectDatabase(config: DatabaseConfig): Promise<DatabaseConnection> {
  if (config.DATABASE_URL) {
    const pool = new pg.Pool({
      connectionString: config.DATABASE_URL,
      max: config.DATABASE_POOL_MAX,
      // When the database is down, a request fails after 5 s instead of waiting for a connection forever.
      connectionTimeoutMillis: 5000,
    });
    return fromPool(pool, async () => {});
  }
  if (config.PGLITE_DATA_DIR) await mkdir(config.PGLITE_DATA_DIR, { recursive: true });
  const pglite = await PGlite.create(config.PGLITE_DATA_DIR);
  // createPgConfig gives the pool a single connection: PGlite serves one session at a time.
  const pool = new pg.Pool(createPgConfig(pglite));
  return fromPool(pool, () => pglite.close());
}

function fromPool(pool: pg.Pool, afterPoolEnded: () => Promise<void>): DatabaseConnection {
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    async close() {
      await db.destroy(); // ends the pool, if Kysely has used it
      // A process that used only the pool (a job queue, a script) ends it here: its idle connections would otherwise
      // keep the process alive for their idle timeout (10 s) after everything else has closed.
      if (!pool.ended) await pool.end();
      await afterPoolEnded();
    },
  };
}

/** A real round trip to the database, used by the readiness check. */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
