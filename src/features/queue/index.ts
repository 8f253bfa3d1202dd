import type { Feature } from '../types.js';

/**
 * Background jobs, whatever holds them: typed job definitions (a name, a zod schema for the payload, a handler),
 * the `Queue` the service codes against (enqueue, in a transaction or not; work; stop; retry the failed), the worker
 * process, retries with exponential backoff, failed jobs kept and retried by a script, queue gauges in /metrics,
 * and a recurring job that purges expired rows. Where jobs live is the queue's affair: PostgreSQL (queue-pgboss).
 */
export const queueFeature: Feature = {
  id: 'queue',
  description: 'Typed background jobs, a worker process, retries with backoff, failed jobs kept and retried, metrics',
  when: (options) => options.queue !== 'none',
  dependencies: [],
  devDependencies: [],
  env: [],
  scripts: {
    worker: {
      command: 'tsx src/worker.ts',
      description:
        'runs the jobs, apart from the HTTP server (needs `DATABASE_URL`; the embedded database runs them in `dev`)',
    },
    'jobs:retry': {
      command: 'tsx src/scripts/jobs-retry.ts',
      arguments: '[-- <job>]',
      description: 'runs the failed jobs again (all, or those of one type)',
    },
  },
  templates: 'queue',
  contributes: {
    plugins: [
      {
        name: 'queueMetrics',
        from: './plugins/queue-metrics.js',
        options: '{ queue }',
        comment: 'jobs waiting, active, completed and failed, by type, in /metrics',
      },
    ],
  },
};
