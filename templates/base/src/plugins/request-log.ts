import fp from 'fastify-plugin';

import { isProbe } from '../lib/probes.js';

/**
 * The URL as a log line shows it: the path, and the names of the query's parameters without their values
 * (`/v1/auth/callback?code&state`). A query value can be a credential (an OAuth callback's code, a token a client
 * put in a link) or personal data (`?email=`), and logs are kept longer, and read by more people, than requests.
 */
export function urlForLog(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const names = url
    .slice(queryStart + 1)
    .split('&')
    .map((parameter) => parameter.split('=', 1)[0])
    .filter(Boolean);
  return names.length > 0 ? `${url.slice(0, queryStart)}?${names.join('&')}` : url.slice(0, queryStart);
}

/**
 * One log line per request, written when its response has been sent: method, URL (without query values), status,
 * time and the client's address (the proxy's client with TRUST_PROXY) in one place, with the request id the logger
 * adds. (Fastify's own request logging, turned off in app.ts, writes two lines.)
 * Probes (/health, /ready, /metrics) are logged at debug: at info their lines would outnumber the clients'.
 */
export default fp(
  async (app) => {
    app.addHook('onResponse', (request, reply, done) => {
      // Fields of their own, not under `req` and `res`: Fastify's logger writes those keys through serializers
      // meant for its request and reply objects, which would keep only some of these fields.
      const line = {
        method: request.method,
        url: urlForLog(request.url),
        statusCode: reply.statusCode,
        responseTime: reply.elapsedTime,
        remoteAddress: request.ip,
      };
      if (isProbe(request)) request.log.debug(line, 'request completed');
      else request.log.info(line, 'request completed');
      done();
    });
  },
  { name: 'request-log' },
);
