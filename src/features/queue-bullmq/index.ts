import type { Feature } from '../types.js';

/**
 * The queue in Redis (BullMQ), fed through an outbox table in the service's database: a job enqueued in a
 * transaction is a row committed or rolled back with it, which workers move to Redis. Its Redis is its own: a queue's
 * must never evict a key, where a cache's evicts by design.
 */
export const queueBullMqFeature: Feature = {
  id: 'queue-bullmq',
  description: 'Jobs in Redis (BullMQ), enqueued through an outbox table in the transaction of their write',
  provides: { queue: 'bullmq' },
  requires: ['queue'],
  when: (options) => options.queue === 'bullmq',
  dependencies: ['bullmq', 'ioredis'],
  devDependencies: [],
  env: [
    {
      name: 'QUEUE_REDIS_URL',
      description:
        "the job queue's Redis: `redis://[:password@]host:6379[/db]`; one that never evicts (`noeviction`) and keeps its data (AOF)",
      schema: 'z.url({ protocol: /^rediss?$/ }).optional()',
      defaults: { development: 'redis://127.0.0.1:6379', test: 'redis://127.0.0.1:6379' },
      requiredInProduction: true,
      setByTemplates: true,
    },
  ],
  templates: 'queue-bullmq',
  contributes: {
    services: [
      {
        name: 'queue',
        type: 'Queue',
        typeFrom: 'lib/queue.js',
        connect: 'connectQueue',
        connectFrom: 'lib/bullmq-queue.js',
        inDatabase: true,
        description: 'the job queue (BullMQ, fed through an outbox in the database): to enqueue jobs',
        // Enqueueing needs only the database (the outbox): the HTTP server serves while the queue's Redis is away.
        readiness: { name: 'queue', optional: true },
      },
    ],
    composeServices: [
      {
        name: 'queue-redis',
        yaml: [
          "  # The job queue's Redis: it never evicts a key (a job would be lost) and keeps its data on disk (AOF).",
          '  queue-redis:',
          '    image: redis:7',
          "    command: ['redis-server', '--maxmemory-policy', 'noeviction', '--appendonly', 'yes']",
          '    ports:',
          "      - '6380:6379'",
          '    volumes:',
          '      - queue-redis-data:/data',
          '    healthcheck:',
          "      test: ['CMD', 'redis-cli', 'ping']",
          '      interval: 2s',
          '      timeout: 3s',
          '      retries: 15',
        ].join('\n'),
        environment: [{ name: 'QUEUE_REDIS_URL', value: 'redis://queue-redis:6379' }],
      },
    ],
  },
};
