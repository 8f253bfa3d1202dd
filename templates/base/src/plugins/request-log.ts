import fp from 'fastify-plugin';

/**
 * One log line per request, written when its response has been sent: method, URL, status and time in one place,
 * with the request id the logger adds. (Fastify's own request logging, turned off in app.ts, writes two lines.)
 */
export default fp(
  async (app) => {
    app.addHook('onResponse', (request, reply, done) => {
      request.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
      done();
    });
  },
  { name: 'request-log' },
);
