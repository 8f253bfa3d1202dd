import { type Kysely, sql } from 'kysely';

// API keys for machine clients. A key belongs to a user and acts as that user, limited to its scopes. The
// table holds a short public prefix, to find a key, and the SHA-256 hash of the whole key, never the key.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (col) => col.notNull())
    // The key that created this one through the API (null for the first key, made by the script).
    .addColumn('created_by_key_id', 'uuid')
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('prefix', 'text', (col) => col.notNull())
    .addColumn('key_hash', 'text', (col) => col.notNull())
    .addColumn('scopes', sql`text[]`, (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz')
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('api_keys_prefix_key', ['prefix'])
    .addCheckConstraint('api_keys_name_check', sql`char_length(name) BETWEEN 1 AND 100`)
    .addForeignKeyConstraint('api_keys_user_id_fkey', ['user_id'], 'users', ['id'], (fk) => fk.onDelete('cascade'))
    .addForeignKeyConstraint('api_keys_created_by_key_id_fkey', ['created_by_key_id'], 'api_keys', ['id'], (fk) =>
      fk.onDelete('set null'),
    )
    .execute();

  await db.schema.createIndex('api_keys_user_id_idx').on('api_keys').column('user_id').execute();
  await db.schema.createIndex('api_keys_created_at_idx').on('api_keys').column('created_at').execute();
  await db.schema.createIndex('api_keys_created_by_key_id_idx').on('api_keys').column('created_by_key_id').execute();

  await sql`
    CREATE TRIGGER api_keys_set_updated_at BEFORE UPDATE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION set_updated_at()
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('api_keys').execute();
}
