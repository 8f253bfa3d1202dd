import { CompiledQuery, type Kysely, sql } from 'kysely';
import PgBoss from 'pg-boss';

const schema = 'pgboss';

// The job queue's tables (pg-boss's, in a schema of their own), and a queue for each job type the service was
// generated with: migrated with everything else, so that an HTTP server can enqueue before any worker has started.
// Workers keep each queue's policy as src/jobs/ declares it, and create the queues of job types added later.
export async function up(db: Kysely<any>): Promise<void> {
  // A worker started before this migration ran has installed the schema already (pg-boss migrates itself).
  const { rows } = await sql<{
    installed: boolean;
  }>`SELECT to_regclass(${`${schema}.version`}) IS NOT NULL AS installed`.execute(db);
  if (!rows[0]?.installed) {
    // pg-boss's own script wraps itself in a transaction, and sets its timeouts for it; a migration already runs in
    // one, whose settings the migrations after this one share.
    const plans = PgBoss.getConstructionPlans(schema).trim();
    if (!plans.startsWith('BEGIN;') || !plans.endsWith('COMMIT;')) {
      throw new Error("pg-boss's construction plans have changed shape: review this migration");
    }
    const statements = plans
      .slice('BEGIN;'.length, -'COMMIT;'.length)
      .split('\n')
      .filter((line) => !/^\s*SET LOCAL /.test(line))
      .join('\n');
    await sql.raw(statements).execute(db);
  }

  // pg-boss's API, on the migration's own connection: it is not started, so it runs nothing in the background.
  const boss = new PgBoss({
    db: { executeSql: (text, values) => db.executeQuery(CompiledQuery.raw(text, values)) },
    schema,
  });
  await boss.createQueue('purge-expired');
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP SCHEMA ${sql.id(schema)} CASCADE`.execute(db);
}
