import { describeGeneratedServiceWithRedis } from '../helpers/matrix.js';
import { queueChecks } from '../helpers/queue-matrix.js';

/** What became of a kill test's jobs, from BullMQ's records in Redis (and the outbox, for those not moved yet). */
const reportFromBullMq = `
  const { Queue } = await import('bullmq');
  const { Redis } = await import('ioredis');
  const connection = new Redis(config.QUEUE_REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('crunch', { connection });
  const { rows } = await database.pool.query(
    "SELECT count(*)::int AS count FROM job_outbox WHERE name = 'crunch' AND payload->>'run' = $1",
    [run],
  );
  const states = ['completed', 'active', 'waiting', 'delayed', 'prioritized', 'failed'];
  const jobs = (await queue.getJobs(states, 0, -1)).filter((job) => job && job.data.run === run);
  const completed = (await queue.getJobs(['completed'], 0, -1)).filter((job) => job && job.data.run === run);
  const recovered = completed.filter((job) => job.stalledCounter > 0);
  const latest = (list, key) => (list.length === 0 ? null : Math.max(...list.map((job) => job[key])));
  console.log(
    JSON.stringify({
      total: rows[0].count + jobs.length,
      completed: completed.length,
      recovered: recovered.length,
      lastRecoveredAt: latest(recovered, 'finishedOn'),
      firstStartedAt: completed.length === 0 ? null : Math.min(...completed.map((job) => job.processedOn)),
      lastCompletedAt: latest(completed, 'finishedOn'),
    }),
  );
  await queue.close();
  connection.disconnect();
`;

// The api preset runs every other suite on PostgreSQL and Node 24: these are what the queue adds or changes.
await describeGeneratedServiceWithRedis('api-bullmq', {
  suitesOnRealServers: [
    'src/lib/bullmq-queue.test.ts',
    'src/jobs',
    'src/modules/accounts',
    'src/modules/health',
    'src/main.test.ts',
  ],
  moreChecks: (projectDir) =>
    queueChecks(projectDir, { preset: 'api-bullmq', queueModule: 'bullmq-queue', reportBody: reportFromBullMq }),
});
