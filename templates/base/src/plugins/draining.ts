import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /** Whether shutdown has begun: /ready answers 503, and responses close their connections. */
    readonly draining: boolean;
    /** Shutdown begins: called on SIGTERM, before the drain delay (src/shutdown.ts). */
    startDraining(): void;
  }
}

/**
 * Connection draining. Once shutdown begins, /ready answers 503 (modules/health), so that load balancers stop
 * sending requests here, while the server goes on accepting and serving them for the drain delay; and every
 * response says `Connection: close`, so that clients with keep-alive connections reconnect, to another instance,
 * and the connections of requests still in flight when the server closes end with them rather than holding it
 * open until they time out.
 */
export default fp(
  async (app) => {
    let draining = false;
    app.decorate('draining', {
      getter: () => draining,
    });
    app.decorate('startDraining', () => {
      draining = true;
    });
    app.addHook('preClose', async () => {
      draining = true;
    });
    app.addHook('onSend', (_request, reply, payload, done) => {
      if (draining) reply.header('connection', 'close');
      done(null, payload);
    });
  },
  { name: 'draining' },
);
