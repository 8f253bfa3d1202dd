import { type Feature, sameEverywhere } from '../types.js';

/**
 * The queue in PostgreSQL (pg-boss 10, the last line that runs on Node 20), in the service's own database: a job
 * is enqueued in the transaction of the write it follows from, and is as durable as that write.
 */
export const queuePgBossFeature: Feature = {
  id: 'queue-pgboss',
  description: 'Jobs in PostgreSQL (pg-boss), enqueued in the transaction of the write they follow from',
  provides: { queue: 'pg-boss' },
  requires: ['queue'],
  when: (options) => options.queue === 'pg-boss',
  dependencies: ['pg-boss'],
  devDependencies: [],
  env: [
    {
      name: 'JOB_MAINTENANCE_INTERVAL_SECONDS',
      description:
        "how often workers look for runs that outlived their job's timeout (a killed worker's) and retry them",
      schema: 'z.coerce.number().int().positive()',
      defaults: sameEverywhere('1'),
    },
  ],
  templates: 'queue-pgboss',
  contributes: {
    services: [
      {
        name: 'queue',
        type: 'Queue',
        typeFrom: 'lib/queue.js',
        connect: 'connectQueue',
        connectFrom: 'lib/pg-boss-queue.js',
        inDatabase: true,
        description: 'the job queue, in the database (pg-boss): to enqueue jobs',
        readiness: { name: 'queue', optional: false, throughDatabase: true },
      },
    ],
  },
};
