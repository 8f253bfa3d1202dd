import { type Kysely, sql } from 'kysely';

// The people who sign in. Emails are stored lower-cased (the API lower-cases them on the way in, and the CHECK
// holds any other writer to it), so the unique constraint is case-insensitive in effect.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('email', 'text', (col) => col.notNull())
    // An argon2id hash, never the password; null for a user who has no password here (single sign-on).
    .addColumn('password_hash', 'text')
    .addColumn('role', 'text', (col) => col.notNull().defaultTo('user'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('users_email_key', ['email'])
    .addCheckConstraint('users_email_check', sql`email = lower(email)`)
    .addCheckConstraint('users_role_check', sql`role IN ('user', 'admin')`)
    .execute();

  await db.schema.createIndex('users_created_at_idx').on('users').column('created_at').execute();

  await sql`
    CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION set_updated_at()
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('users').execute();
}
