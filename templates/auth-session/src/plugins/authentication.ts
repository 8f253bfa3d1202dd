import cookie from '@fastify/cookie';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';

import { guardRoutes } from '../auth/access.js';
import { ForbiddenError } from '../auth/errors.js';
import { SessionCookie } from '../auth/session-cookie.js';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import { createSessionsService } from '../modules/auth/auth.service.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Who sent a request: the user of the session in the signed session cookie. Routes that require a permission
 * answer 401 without a live session and 403 when the user's role does not grant it.
 *
 * Against cross-site request forgery, every request that changes something (any method but GET, HEAD and
 * OPTIONS) is refused with 403 when its Origin header names a site other than this service and CORS_ORIGINS
 * (or, without Origin, when Sec-Fetch-Site says cross-site). Browsers send Origin with every such request;
 * programs that send none (curl, other services) carry no victim's cookie. SameSite=Lax on the cookie is the
 * first line; this check is the second. Behind a proxy that ends TLS, set TRUST_PROXY=true, or the service
 * takes its own origin for http:// and refuses its own pages.
 */
export default fp<{ config: Config; db: Kysely<Database> }>(
  async (app, { config, db }) => {
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
    const sessions = createSessionsService(config, db);
    guardRoutes(app, {
      authenticate: async (request) => {
        const token = sessionCookie.read(request);
        return token ? sessions.authenticate(token) : null;
      },
    });
  },
  { name: 'authentication', dependencies: ['errors'] },
);
