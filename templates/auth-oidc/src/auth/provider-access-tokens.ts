import { createRemoteJWKSet, errors, type JWTVerifyGetKey, jwtVerify } from 'jose';

import { NotAuthenticatedError } from '../lib/errors.js';
import type { IdentitiesService } from '../modules/identities/identities.service.js';
import { type AuthenticatedUser, authenticatedUser } from './access.js';
import type { OidcClient } from './oidc-client.js';

// Asymmetric algorithms only: a provider signs with its private key and publishes the public one. HS256 would
// mean a secret shared with the provider, and `none` is no signature at all.
const algorithms = ['RS256', 'PS256', 'ES256', 'EdDSA'];

/**
 * Access tokens the identity provider issued for this API (a JWT whose `aud` is OIDC_AUDIENCE), for clients
 * that call it without a browser session: checked against the provider's published keys (its JWKS, fetched
 * and cached by jose), its issuer, the audience and expiry. The token's subject must be a user who has logged
 * in here once: the role is this service's, not the provider's.
 */
export class ProviderAccessTokens {
  private keys?: JWTVerifyGetKey;

  constructor(
    private readonly oidcClient: OidcClient,
    private readonly identities: IdentitiesService,
    private readonly audience: string,
  ) {}

  async verify(token: string): Promise<AuthenticatedUser> {
    const metadata = await this.oidcClient.metadata();
    if (!metadata.jwks_uri) throw new Error('The identity provider publishes no jwks_uri');
    this.keys ??= createRemoteJWKSet(new URL(metadata.jwks_uri));
    let subject: string | undefined;
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: metadata.issuer,
        audience: this.audience,
        algorithms,
      });
      subject = payload.sub;
    } catch (error) {
      if (error instanceof errors.JOSEError) throw new NotAuthenticatedError('Invalid or expired token');
      throw error;
    }
    const user = subject ? await this.identities.knownUser(metadata.issuer, subject) : undefined;
    if (!user) throw new NotAuthenticatedError('No user here for this token: log in once at /v1/auth/login');
    return authenticatedUser(user.id, user.role);
  }
}
