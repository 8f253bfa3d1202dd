import { randomUUID } from 'node:crypto';

import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';

import type { Config } from '../config.js';
import { NotAuthenticatedError } from '../lib/errors.js';
import { type AuthenticatedUser, authenticatedUser } from './access.js';
import { roles } from './permissions.js';

// The one algorithm this service signs with and accepts. Verification refuses any other, `none` included,
// whatever a token's header claims.
const algorithm = 'HS256';
// RFC 9068's type for access tokens: a token of another kind (an ID token, say) is not accepted as one.
const accessTokenType = 'at+jwt';

const accessTokenClaims = z.object({ sub: z.uuid(), role: z.enum(roles) });

/** Signs and checks access tokens: short-lived JWTs that say who the user is and what role they have. */
export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(private readonly config: Config) {
    this.key = new TextEncoder().encode(config.JWT_SECRET);
  }

  async issue(user: { id: string; role: AuthenticatedUser['role'] }): Promise<string> {
    return new SignJWT({ role: user.role })
      .setProtectedHeader({ alg: algorithm, typ: accessTokenType })
      .setSubject(user.id)
      .setIssuer(this.config.JWT_ISSUER)
      .setAudience(this.config.JWT_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.config.ACCESS_TOKEN_TTL_SECONDS}s`)
      .setJti(randomUUID()) // a unique id per token, for logs and audits
      .sign(this.key);
  }

  /** The user a token was issued to; a NotAuthenticatedError if it is forged, expired or not meant for us. */
  async verify(token: string): Promise<AuthenticatedUser> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [algorithm],
        typ: accessTokenType,
        issuer: this.config.JWT_ISSUER,
        audience: this.config.JWT_AUDIENCE,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      const claims = accessTokenClaims.parse(payload);
      return authenticatedUser(claims.sub, claims.role);
    } catch (error) {
      if (!(error instanceof errors.JOSEError || error instanceof z.ZodError)) throw error;
      const expired = error instanceof errors.JWTExpired;
      throw new NotAuthenticatedError(expired ? 'The access token has expired' : 'The access token is not valid');
    }
  }
}
