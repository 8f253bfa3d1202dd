import type { FastifyInstance } from 'fastify';
import { tasksModule } from './tasks/routes.js';

export async function registerModules(app: FastifyInstance): Promise<void> {
  await app.register(tasksModule, { prefix: '/v1/tasks' });
}
