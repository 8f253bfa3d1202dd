import fp from 'fastify-plugin';

import { bearerChallenges, guardRoutes } from '../auth/access.js';
import { OidcClient } from '../auth/oidc-client.js';
import { ProviderAccessTokens } from '../auth/provider-access-tokens.js';
import { sessionAuthentication } from '../auth/session-authentication.js';
import { IdentitiesRepository } from '../modules/identities/identities.repository.js';
import { IdentitiesService } from '../modules/identities/identities.service.js';
import type { SessionsDependencies } from '../modules/sessions/sessions.service.js';
import { UsersRepository } from '../modules/users/users.repository.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** This service as a client of the identity provider: one for the app, so its metadata is discovered once. */
    oidcClient: OidcClient;
  }
}

// RFC 6750's header, `Bearer <token>`; the scheme's name is case-insensitive (RFC 9110).
const bearer = /^Bearer +(\S+)$/i;

/**
 * Who sent a request: the user of the session in the signed session cookie (started by a login at the identity
 * provider) or, when OIDC_AUDIENCE is set, the user named by the provider's access token in `Authorization:
 * Bearer`. Routes that require a permission answer 401 without either and 403 when the user's role does not
 * grant it; cross-site writes are refused (see src/auth/session-authentication.ts).
 */
export default fp<SessionsDependencies>(
  async (app, dependencies) => {
    const { config, db } = dependencies;
    if (config.OIDC_AUDIENCE === config.OIDC_CLIENT_ID) {
      // ID tokens are issued to the client id: with it as the audience, an ID token would pass for an access token.
      throw new Error('OIDC_AUDIENCE must be the API identifier at the provider, not OIDC_CLIENT_ID');
    }
    app.decorate('oidcClient', new OidcClient(config, app.log));
    const fromSession = await sessionAuthentication(app, dependencies);
    const accessTokens = config.OIDC_AUDIENCE
      ? new ProviderAccessTokens(
          app.oidcClient,
          new IdentitiesService(new IdentitiesRepository(db), new UsersRepository(db)),
          config.OIDC_AUDIENCE,
        )
      : undefined;
    guardRoutes(app, {
      // A refused access token is told so (RFC 6750); a request with no credentials gets a plain 401, since a
      // browser logs in at /v1/auth/login rather than sending a token.
      challenges: { invalid: bearerChallenges.invalid },
      authenticate: async (request) => {
        const token = accessTokens && bearer.exec(request.headers.authorization ?? '')?.[1];
        return token ? accessTokens.verify(token) : fromSession(request);
      },
    });
  },
  { name: 'authentication', dependencies: ['errors'] },
);
