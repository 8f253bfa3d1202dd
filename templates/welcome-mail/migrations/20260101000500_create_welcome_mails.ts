import { type Kysely, sql } from 'kysely';

// The welcome mails sent, one per account: the primary key is what makes the welcome-mail job send each once.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('welcome_mails')
    .addColumn('user_id', 'uuid', (column) => column.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('sent_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('welcome_mails').execute();
}
