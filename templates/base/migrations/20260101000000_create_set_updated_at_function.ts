import { type Kysely, sql } from 'kysely';

// Migrations take `Kysely<any>`: they must keep working as they were written, whatever the Database type says later.

// Tables with an updated_at column keep it current with a trigger that calls this function:
//   CREATE TRIGGER tasks_set_updated_at BEFORE UPDATE ON tasks
//   FOR EACH ROW EXECUTE FUNCTION set_updated_at();
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION set_updated_at() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      NEW.updated_at = now();
      RETURN NEW;
    END;
    $$
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP FUNCTION set_updated_at()`.execute(db);
}
