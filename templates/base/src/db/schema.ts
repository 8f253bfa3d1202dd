/**
 * The tables Kysely knows about: one property per table, named as in SQL (snake_case, plural), whose type
 * describes the row. Keep it in step with the migrations.
 */
export interface Database {
  // Tables are listed here, e.g. `tasks: TasksTable;` (see src/modules/<name>/<name>.repository.ts).
}
