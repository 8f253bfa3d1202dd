import fp from 'fastify-plugin';

import { guardRoutes } from '../auth/access.js';
import { sessionAuthentication } from '../auth/session-authentication.js';
import type { SessionsDependencies } from '../modules/sessions/sessions.service.js';

/**
 * Who sent a request: the user of the session in the signed session cookie. Routes that require a permission
 * answer 401 without a live session and 403 when the user's role does not grant it; cross-site writes are
 * refused (see src/auth/session-authentication.ts).
 */
export default fp<SessionsDependencies>(
  async (app, options) => {
    guardRoutes(app, { authenticate: await sessionAuthentication(app, options) });
  },
  { name: 'authentication', dependencies: ['errors'] },
);
