import { type Kysely, sql } from 'kysely';

// The outbox of the job queue: a job enqueued in a transaction is a row here, committed or rolled back with the
// write it follows from; workers move the rows to Redis (BullMQ), and delete them in the same step.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('job_outbox')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('payload', 'jsonb', (col) => col.notNull())
    // BullMQ's options for the job (retries, backoff, delay), as the release that enqueued it set them.
    .addColumn('options', 'jsonb', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('job_outbox_created_at_idx').on('job_outbox').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('job_outbox').execute();
}
