import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';

import { bearerChallenges, guardRoutes } from '../auth/access.js';
import type { Database } from '../db/schema.js';
import { ApiKeysRepository } from '../modules/api-keys/api-keys.repository.js';
import { ApiKeysService } from '../modules/api-keys/api-keys.service.js';

// RFC 6750's header, `Bearer <token>`; the scheme's name is case-insensitive (RFC 9110).
const bearer = /^Bearer +(\S+)$/i;

/**
 * Who sent a request: the user an API key acts as, the key presented in `X-API-Key` or as
 * `Authorization: Bearer <key>`. Routes that require a permission answer 401 without a good key and 403 when
 * the key's scopes (or its owner's role) do not grant it.
 */
export default fp<{ db: Kysely<Database> }>(
  async (app, { db }) => {
    const keys = new ApiKeysService(new ApiKeysRepository(db));
    guardRoutes(app, {
      challenges: bearerChallenges,
      authenticate: async (request) => {
        const header = request.headers['x-api-key'];
        const presented =
          (typeof header === 'string' ? header : undefined) ?? bearer.exec(request.headers.authorization ?? '')?.[1];
        return presented ? keys.authenticate(presented) : null;
      },
    });
  },
  { name: 'authentication', dependencies: ['errors'] },
);
