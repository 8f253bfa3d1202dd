import { describeGeneratedService } from '../helpers/matrix.js';
import { queueChecks } from '../helpers/queue-matrix.js';

/** What became of a kill test's jobs, from pg-boss's table. */
const reportFromPgBoss = `
  const { rows } = await database.pool.query(
    \`SELECT count(*)::int AS total,
            (count(*) FILTER (WHERE state = 'completed'))::int AS completed,
            (count(*) FILTER (WHERE retry_count > 0))::int AS recovered,
            (extract(epoch FROM max(completed_on) FILTER (WHERE retry_count > 0)) * 1000)::float8 AS "lastRecoveredAt",
            (extract(epoch FROM min(started_on)) * 1000)::float8 AS "firstStartedAt",
            (extract(epoch FROM max(completed_on)) * 1000)::float8 AS "lastCompletedAt"
     FROM pgboss.job WHERE name = 'crunch' AND data->>'run' = $1\`,
    [run],
  );
  console.log(JSON.stringify(rows[0]));
`;

// The api preset runs every other suite on PostgreSQL and Node 24: these are what the queue adds or changes.
describeGeneratedService('api-pg-boss', {
  suitesOnRealServers: [
    'src/lib/pg-boss-queue.test.ts',
    'src/jobs',
    'src/db/connection.test.ts',
    'src/modules/accounts',
    'src/modules/health',
    'src/main.test.ts',
  ],
  moreChecks: (projectDir) =>
    queueChecks(projectDir, { preset: 'api-pg-boss', queueModule: 'pg-boss-queue', reportBody: reportFromPgBoss }),
});
