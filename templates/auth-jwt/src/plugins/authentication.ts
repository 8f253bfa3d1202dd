import fp from 'fastify-plugin';

import { guardRoutes } from '../auth/access.js';
import { UnauthorizedError } from '../auth/errors.js';
import { AccessTokens } from '../auth/tokens.js';
import type { Config } from '../config.js';

const bearer = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/**
 * Who sent a request: the user named by the access token in `Authorization: Bearer <token>`. Routes that
 * require a permission answer 401 without a good token and 403 when the user's role does not grant it.
 */
export default fp<{ config: Config }>(
  async (app, { config }) => {
    const accessTokens = new AccessTokens(config);
    guardRoutes(app, {
      challenge: 'Bearer',
      authenticate: async (request) => {
        const header = request.headers.authorization;
        if (!header) return null;
        const token = bearer.exec(header)?.[1];
        if (!token) {
          throw new UnauthorizedError('Send the access token as `Authorization: Bearer <token>`', {
            'www-authenticate': 'Bearer error="invalid_request"',
          });
        }
        return accessTokens.verify(token);
      },
    });
  },
  { name: 'authentication', dependencies: ['errors'] },
);
