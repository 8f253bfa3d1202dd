import { type Kysely, sql } from 'kysely';

// Constraints and indexes are named as PostgreSQL would name them (<table>_<column>_key, _check, _fkey, _idx),
// so that errors and query plans point at them predictably.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('widgets')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('label', 'varchar(8)', (col) => col.notNull())
    .addColumn('notes', 'text')
    .addColumn('count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('big', 'bigint')
    .addColumn('price', 'numeric(10, 2)', (col) => col.notNull().defaultTo('9.99'))
    .addColumn('ratio', 'double precision')
    .addColumn('active', 'boolean', (col) => col.notNull().defaultTo(true))
    .addColumn('launch', 'date')
    .addColumn('seen_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('ref', 'uuid', (col) => col.notNull())
    .addColumn('contact', 'varchar(255)')
    .addColumn('site', 'varchar(255)')
    .addColumn('meta', 'jsonb')
    .addColumn('size', 'text', (col) => col.notNull().defaultTo('m'))
    .addColumn('project_id', 'uuid')
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('widgets_label_key', ['label'])
    .addCheckConstraint('widgets_label_check', sql`char_length(label) >= 2`)
    .addCheckConstraint('widgets_notes_check', sql`char_length(notes) >= 1`)
    .addCheckConstraint('widgets_count_check', sql`count BETWEEN 0 AND 10`)
    .addCheckConstraint('widgets_ratio_check', sql`ratio BETWEEN 0 AND 1`)
    .addCheckConstraint('widgets_contact_check', sql`char_length(contact) >= 1`)
    .addCheckConstraint('widgets_site_check', sql`char_length(site) >= 1`)
    .addCheckConstraint('widgets_size_check', sql`size IN ('s', 'm', 'l')`)
    // Deleting a project sets project_id to NULL in its widgets.
    .addForeignKeyConstraint('widgets_project_id_fkey', ['project_id'], 'projects', ['id'], (fk) =>
      fk.onDelete('set null'),
    )
    .execute();

  // An index for each foreign key (joins, and the update on delete), and for the columns a list sorts by or
  // often filters by (label needs none: its unique constraint is an index).
  await db.schema.createIndex('widgets_project_id_idx').on('widgets').column('project_id').execute();
  await db.schema.createIndex('widgets_count_idx').on('widgets').column('count').execute();
  await db.schema.createIndex('widgets_big_idx').on('widgets').column('big').execute();
  await db.schema.createIndex('widgets_price_idx').on('widgets').column('price').execute();
  await db.schema.createIndex('widgets_ratio_idx').on('widgets').column('ratio').execute();
  await db.schema.createIndex('widgets_active_idx').on('widgets').column('active').execute();
  await db.schema.createIndex('widgets_launch_idx').on('widgets').column('launch').execute();
  await db.schema.createIndex('widgets_seen_at_idx').on('widgets').column('seen_at').execute();
  await db.schema.createIndex('widgets_ref_idx').on('widgets').column('ref').execute();
  await db.schema.createIndex('widgets_contact_idx').on('widgets').column('contact').execute();
  await db.schema.createIndex('widgets_size_idx').on('widgets').column('size').execute();
  await db.schema.createIndex('widgets_created_at_idx').on('widgets').column('created_at').execute();
  await db.schema.createIndex('widgets_updated_at_idx').on('widgets').column('updated_at').execute();

  await sql`
    CREATE TRIGGER widgets_set_updated_at BEFORE UPDATE ON widgets
    FOR EACH ROW EXECUTE FUNCTION set_updated_at()
  `.execute(db);
  // Every change, whoever makes it, moves the version: the ETag clients hold goes stale (src/lib/entity-tags.ts).
  await sql`
    CREATE TRIGGER widgets_increment_version BEFORE UPDATE ON widgets
    FOR EACH ROW EXECUTE FUNCTION increment_version()
  `.execute(db);
}

// Dropping the table drops its constraints, indexes and trigger with it.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('widgets').execute();
}
