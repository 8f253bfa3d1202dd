import Fastify from 'fastify';
// Owned by the payments team.

export function buildApp() {
  const app = Fastify({ logger: true });
  app.get('/health', async () => ({ status: 'ok' }));
  return app;
}
