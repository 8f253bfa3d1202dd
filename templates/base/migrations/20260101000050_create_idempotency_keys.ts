import { type Kysely, sql } from 'kysely';

// The Idempotency-Key of each POST or PATCH (src/plugins/idempotency.ts), per caller, with the response it got.
// A row whose status_code is null is a request still running. Every row ends at expires_at: the lease of a running
// request, then the retention of its response; expired rows are taken over by the next use of their key, and
// deleted in the background.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('scope', 'text', (col) => col.notNull())
    .addColumn('key', 'text', (col) => col.notNull())
    .addColumn('fingerprint', 'text', (col) => col.notNull())
    .addColumn('attempt', 'uuid', (col) => col.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('response_headers', 'jsonb')
    .addColumn('response_body', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pkey', ['scope', 'key'])
    // Only final answers are kept, never a 5xx: that releases the key, so that the client may try again.
    .addCheckConstraint('idempotency_keys_status_code_check', sql`status_code >= 200 AND status_code < 500`)
    .execute();

  await db.schema.createIndex('idempotency_keys_expires_at_idx').on('idempotency_keys').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').execute();
}
