import type { FastifyBaseLogger } from 'fastify';
import * as oidc from 'openid-client';

import type { Config } from '../config.js';
import { UnavailableError } from '../lib/errors.js';

/** What the browser must bring back to the callback: kept in a signed, HttpOnly cookie meanwhile. */
export interface LoginChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Who the identity provider says logged in. */
export interface ProviderIdentity {
  issuer: string;
  subject: string;
  email?: string;
  emailVerified: boolean;
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * This service as a client of the identity provider (OIDC_ISSUER_URL): the authorization code flow with PKCE,
 * state and nonce. The provider's metadata is discovered at the first login rather than at start-up, so the
 * service starts (and answers health checks) while the provider is down; a failed discovery is tried again at
 * the next login.
 */
export class OidcClient {
  private configuration?: Promise<oidc.Configuration>;

  constructor(
    private readonly config: Config,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Where to send the browser to log in, and the checks its return must pass. */
  async startLogin(): Promise<{ url: URL; checks: LoginChecks }> {
    const configuration = await this.discover();
    const checks = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.config.OIDC_REDIRECT_URL,
      scope: 'openid email',
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, checks };
  }

  /**
   * Redeems the code the provider sent the browser back with (`search` is the callback's query string), after
   * checking that its state, the ID token's nonce and the PKCE verifier are those this login started with. The
   * email comes from the ID token or, when the provider keeps it out of there, from its userinfo endpoint.
   */
  async finishLogin(search: string, checks: LoginChecks): Promise<ProviderIdentity> {
    const configuration = await this.discover();
    const callbackUrl = new URL(this.config.OIDC_REDIRECT_URL);
    callbackUrl.search = search;
    const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      pkceCodeVerifier: checks.codeVerifier,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error('The identity provider sent no ID token');
    const profile =
      typeof claims.email === 'string'
        ? claims
        : await oidc.fetchUserInfo(configuration, tokens.access_token, claims.sub);
    return {
      issuer: claims.iss,
      subject: claims.sub,
      email: typeof profile.email === 'string' ? profile.email : undefined,
      emailVerified: profile.email_verified === true,
    };
  }

  /** The provider's metadata (its issuer, where its keys are), discovered once. */
  async metadata(): Promise<oidc.ServerMetadata> {
    return (await this.discover()).serverMetadata();
  }

  private discover(): Promise<oidc.Configuration> {
    this.configuration ??= this.discoverNow().catch((error: unknown) => {
      this.configuration = undefined;
      this.log.error({ err: error, issuer: this.config.OIDC_ISSUER_URL }, 'OpenID provider discovery failed');
      throw new UnavailableError('The identity provider cannot be reached; try again later');
    });
    return this.configuration;
  }

  private discoverNow(): Promise<oidc.Configuration> {
    const issuer = new URL(this.config.OIDC_ISSUER_URL);
    // Plain http only to a provider on this machine, and never in production: a development provider.
    const insecure =
      issuer.protocol === 'http:' && loopbackHosts.has(issuer.hostname) && this.config.NODE_ENV !== 'production';
    return oidc.discovery(
      issuer,
      this.config.OIDC_CLIENT_ID,
      this.config.OIDC_CLIENT_SECRET,
      undefined,
      insecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
    );
  }
}
