import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';

import { ForbiddenError } from '../lib/errors.js';
import { createSessionsService, type SessionsDependencies } from '../modules/sessions/sessions.service.js';
import type { Authenticate } from './access.js';
import { SessionCookie } from './session-cookie.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Sets up session cookies on the app, and returns how to tell who sent a request from one: the user of the
 * live session the signed cookie names, or null without a cookie.
 *
 * Against cross-site request forgery, every request that changes something (any method but GET, HEAD and
 * OPTIONS) is refused with 403 when its Origin header names a site other than this service and CORS_ORIGINS
 * (or, without Origin, when Sec-Fetch-Site says cross-site). Browsers send Origin with every such request;
 * programs that send none (curl, other services) carry no victim's cookie. SameSite=Lax on the cookie is the
 * first line; this check is the second. Behind a proxy that ends TLS, set TRUST_PROXY=true, or the service
 * takes its own origin for http:// and refuses its own pages.
 */
export async function sessionAuthentication(
  app: FastifyInstance,
  dependencies: SessionsDependencies,
): Promise<Authenticate> {
  const { config } = dependencies;
  await app.register(cookie, { secret: config.SESSION_SECRET });

  const trustedOrigins = new Set(config.CORS_ORIGINS);
  app.addHook('onRequest', async (request) => {
    if (safeMethods.has(request.method)) return;
    const origin = request.headers.origin;
    const trusted =
      origin === undefined
        ? request.headers['sec-fetch-site'] !== 'cross-site' // a browser that left Origin out still says this
        : origin === `${request.protocol}://${request.host}` || trustedOrigins.has(origin);
    if (!trusted) throw new ForbiddenError('Cross-site request refused: its Origin is not trusted');
  });

  const sessionCookie = new SessionCookie(config);
  const sessions = createSessionsService(dependencies);
  return async (request) => {
    const token = sessionCookie.read(request);
    return token ? sessions.authenticate(token) : null;
  };
}
