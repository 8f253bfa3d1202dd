import fp from 'fastify-plugin';
import { Gauge } from 'prom-client';

import type { Queue, QueueCounts } from '../lib/queue.js';

const states = ['waiting', 'active', 'completed', 'failed'] as const satisfies readonly (keyof QueueCounts)[];

/**
 * The queue in /metrics: `jobs{queue, state}`, how many jobs of each type are waiting, active, completed (and not yet
 * archived) and failed. Waiting jobs that keep growing mean too few workers; failed ones, a handler to look at.
 */
export default fp<{ queue: Queue }>(
  async (app, { queue }) => {
    new Gauge({
      name: 'jobs',
      help: 'Jobs by queue and state',
      labelNames: ['queue', 'state'],
      registers: [app.metrics],
      // Counted when /metrics is scraped, from the queue itself: every instance reports the same totals.
      async collect() {
        this.reset();
        for (const counts of await queue.counts()) {
          for (const state of states) this.set({ queue: counts.name, state }, counts[state]);
        }
      },
    });
  },
  { name: 'queue-metrics', dependencies: ['metrics'] },
);
