import fp from 'fastify-plugin';

import { bearerChallenges, guardRoutes } from '../auth/access.js';
import { AccessTokens } from '../auth/tokens.js';
import type { Config } from '../config.js';

// RFC 6750's header, `Bearer <token>`; the scheme's name is case-insensitive (RFC 9110).
const bearer = /^Bearer +(\S+)$/i;

/**
 * Who sent a request: the user named by the access token in `Authorization: Bearer <token>`. Routes that
 * require a permission answer 401 without a good token and 403 when the user's role does not grant it.
 */
export default fp<{ config: Config }>(
  async (app, { config }) => {
    const accessTokens = new AccessTokens(config);
    guardRoutes(app, {
      challenges: bearerChallenges,
      authenticate: async (request) => {
        // No Authorization header, or one with another scheme (Basic...), is no credentials at all: the plain
        // 401 with `WWW-Authenticate: Bearer` then says what to send.
        const token = bearer.exec(request.headers.authorization ?? '')?.[1];
        return token ? accessTokens.verify(token) : null;
      },
    });
  },
  { name: 'authentication', dependencies: ['errors'] },
);
