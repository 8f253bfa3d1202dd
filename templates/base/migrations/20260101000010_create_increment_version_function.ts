import { type Kysely, sql } from 'kysely';

// Tables whose rows carry a version (each resource's) count their changes with a trigger that calls this function:
//   CREATE TRIGGER tasks_increment_version BEFORE UPDATE ON tasks
//   FOR EACH ROW EXECUTE FUNCTION increment_version();
// A trigger, not the application's UPDATE statements, so that every change counts: a foreign key's ON DELETE SET
// NULL, or an UPDATE typed in psql, moves the version too, and a client's ETag (src/lib/entity-tags.ts) goes stale.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION increment_version() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      NEW.version = OLD.version + 1;
      RETURN NEW;
    END;
    $$
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP FUNCTION increment_version()`.execute(db);
}
