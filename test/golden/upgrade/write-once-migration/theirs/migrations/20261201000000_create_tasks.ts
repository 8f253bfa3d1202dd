import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE tasks (id uuid PRIMARY KEY, title text NOT NULL CHECK (length(title) > 0))`.execute(db);
}
