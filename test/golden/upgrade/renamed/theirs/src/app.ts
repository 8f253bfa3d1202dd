import Fastify from 'fastify';

export function buildApp() {
  const app = Fastify({ logger: true });
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async () => ({ status: 'ready' }));
  return app;
}
