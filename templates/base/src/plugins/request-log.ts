import fp from 'fastify-plugin';

import { isProbe } from '../lib/probes.js';

/**
 * One log line per request, written when its response has been sent: method, URL, status and time in one place,
 * with the request id the logger adds. (Fastify's own request logging, turned off in app.ts, writes two lines.)
 * Probes (/health, /ready, /metrics) are logged at debug: at info their lines would outnumber the clients'.
 */
export default fp(
  async (app) => {
    app.addHook('onResponse', (request, reply, done) => {
      const line = { req: request, res: reply, responseTime: reply.elapsedTime };
      if (isProbe(request)) request.log.debug(line, 'request completed');
      else request.log.info(line, 'request completed');
      done();
    });
  },
  { name: 'request-log' },
);
