import { type Kysely, sql } from 'kysely';

// Who a user is at the identity provider: the issuer and the subject (`sub`) its ID tokens carry. A user is
// found by these, never by email, which the provider may let its users change. One identity per provider per
// user. Rows are written once and never updated, so there is no updated_at.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('user_identities')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (col) => col.notNull())
    .addColumn('issuer', 'text', (col) => col.notNull())
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('user_identities_issuer_subject_key', ['issuer', 'subject'])
    .addUniqueConstraint('user_identities_user_id_issuer_key', ['user_id', 'issuer'])
    .addForeignKeyConstraint('user_identities_user_id_fkey', ['user_id'], 'users', ['id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('user_identities').execute();
}
