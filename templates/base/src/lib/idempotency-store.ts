import { randomUUID } from 'node:crypto';

import { type Generated, type Kysely, sql } from 'kysely';

import type { Database } from '../db/schema.js';

/** The idempotency_keys table, as the migrations create it. */
export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  fingerprint: string;
  attempt: string;
  status_code: number | null;
  response_headers: Record<string, string> | null;
  response_body: string | null;
  created_at: Generated<Date>;
  expires_at: Date;
}

/** A key as one request presents it: whose it is, the key itself, and what the request was. */
export interface IdempotencyClaim {
  /** The caller the key belongs to: two callers may use the same key independently. */
  scope: string;
  key: string;
  /** A hash of the method, the URL and the body: the same key must always come with the same request. */
  fingerprint: string;
}

/** The first response to a key, as it is replayed: the status, the headers that describe the body, the body. */
export interface StoredResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string | null;
}

/** What is known of a key in use: the request it came with and, once that request is answered, its response. */
export interface IdempotencyRecord {
  fingerprint: string;
  /** Undefined while the first request is still running. */
  response?: StoredResponse;
}

/**
 * Where Idempotency-Keys are kept. PostgreSQL is the one store for now; another (Redis) can take its place
 * by implementing these four operations.
 */
export interface IdempotencyStore {
  /** The key's record, unless it is unused or expired. */
  get(scope: string, key: string): Promise<IdempotencyRecord | undefined>;
  /**
   * Takes the key for a request, if it is unused or expired: returns the attempt id that completes or releases
   * it, or undefined when another request took it first.
   */
  start(claim: IdempotencyClaim): Promise<string | undefined>;
  /** Keeps the response of the attempt that holds the key, for the key's retention time. */
  complete(claim: IdempotencyClaim, attempt: string, response: StoredResponse): Promise<void>;
  /** Frees the key (its request failed in a way worth retrying), so that a retry runs again. */
  release(claim: IdempotencyClaim, attempt: string): Promise<void>;
}

export interface IdempotencyStoreOptions {
  /** How long a response is kept and replayed. */
  ttlSeconds: number;
  /** How long a running request holds its key: past that, its process is taken for dead and the key is free. */
  leaseSeconds: number;
}

/**
 * Keys in the idempotency_keys table, one row per caller and key. Every row has an end (expires_at): the lease of
 * a running request, then the retention of its response. The database's clock decides, so that every instance of
 * the service agrees on what has expired. An expired row is ignored, taken over when its key is used again, and
 * deleted by deleteExpired.
 */
export class PostgresIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: IdempotencyStoreOptions,
  ) {}

  async get(scope: string, key: string): Promise<IdempotencyRecord | undefined> {
    const row = await this.db
      .selectFrom('idempotency_keys')
      .select(['fingerprint', 'status_code', 'response_headers', 'response_body'])
      .where('scope', '=', scope)
      .where('key', '=', key)
      .where('expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst();
    if (!row) return undefined;
    if (row.status_code === null) return { fingerprint: row.fingerprint };
    return {
      fingerprint: row.fingerprint,
      response: { statusCode: row.status_code, headers: row.response_headers ?? {}, body: row.response_body },
    };
  }

  async start(claim: IdempotencyClaim): Promise<string | undefined> {
    // One statement, so that of two requests racing for a key exactly one gets it: a new row, or an expired one
    // taken over; a live row is left alone, and nothing is returned.
    const started = await this.db
      .insertInto('idempotency_keys')
      .values({ ...claim, attempt: randomUUID(), expires_at: this.fromNow(this.options.leaseSeconds) })
      .onConflict((conflict) =>
        conflict
          .columns(['scope', 'key'])
          .doUpdateSet((eb) => ({
            fingerprint: eb.ref('excluded.fingerprint'),
            attempt: eb.ref('excluded.attempt'),
            status_code: null,
            response_headers: null,
            response_body: null,
            created_at: sql<Date>`now()`,
            expires_at: eb.ref('excluded.expires_at'),
          }))
          .where('idempotency_keys.expires_at', '<=', sql<Date>`now()`),
      )
      .returning('attempt')
      .executeTakeFirst();
    return started?.attempt;
  }

  async complete(claim: IdempotencyClaim, attempt: string, response: StoredResponse): Promise<void> {
    await this.db
      .updateTable('idempotency_keys')
      .set({
        status_code: response.statusCode,
        response_headers: response.headers,
        response_body: response.body,
        expires_at: this.fromNow(this.options.ttlSeconds),
      })
      .where('scope', '=', claim.scope)
      .where('key', '=', claim.key)
      // Only the attempt that holds the key: one whose lease ran out may have lost it to a retry.
      .where('attempt', '=', attempt)
      .execute();
  }

  async release(claim: IdempotencyClaim, attempt: string): Promise<void> {
    await this.db
      .deleteFrom('idempotency_keys')
      .where('scope', '=', claim.scope)
      .where('key', '=', claim.key)
      .where('attempt', '=', attempt)
      .execute();
  }

  /** Deletes every expired row, so that the table holds only live keys; returns how many it deleted. */
  async deleteExpired(): Promise<number> {
    const result = await this.db
      .deleteFrom('idempotency_keys')
      .where('expires_at', '<=', sql<Date>`now()`)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  private fromNow(seconds: number) {
    return sql<Date>`now() + make_interval(secs => ${seconds})`;
  }
}
