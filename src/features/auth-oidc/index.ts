import { sessionPluginOptions } from '../session-store/index.js';
import type { Feature } from '../types.js';

/**
 * Single sign-on with OpenID Connect (openid-client): the authorization code flow with PKCE, state and nonce,
 * a local session after the callback (the session store), users linked to the provider's issuer and subject,
 * and optionally the provider's JWT access tokens as bearer tokens. The tests log in through a real provider
 * (oidc-provider) started in-process; `npm run oidc:provider` runs it for development.
 */
export const authOidcFeature: Feature = {
  id: 'auth-oidc',
  description: 'OpenID Connect login (code flow, PKCE, state, nonce) into a session; optional provider JWTs',
  provides: { auth: 'oidc' },
  requires: ['auth', 'session-store'],
  when: (options) => options.auth === 'oidc',
  dependencies: ['openid-client', 'jose'],
  devDependencies: ['oidc-provider', '@types/oidc-provider'],
  scripts: {
    'users:create-admin': {
      command: 'tsx src/scripts/users-create-admin.ts',
      description:
        'makes `ADMIN_EMAIL` (or asks) an admin: an existing user, or one whose first single sign-on links to it',
    },
    'oidc:provider': {
      command: 'tsx test/oidc-dev-provider.ts',
      description: 'runs a development OpenID provider on `OIDC_ISSUER_URL` (any email logs in; never deploy it)',
    },
  },
  env: [
    {
      name: 'OIDC_ISSUER_URL',
      description: "the identity provider's issuer URL; its metadata is discovered from there at the first login",
      schema: 'z.url()',
      defaults: { development: 'http://127.0.0.1:4000', test: 'http://127.0.0.1:4000' },
      requiredInProduction: true,
    },
    {
      name: 'OIDC_CLIENT_ID',
      description: 'the client id this service is registered with at the provider',
      schema: 'z.string().min(1)',
      defaults: { development: 'local-service', test: 'local-service' },
      requiredInProduction: true,
    },
    {
      name: 'OIDC_CLIENT_SECRET',
      description: 'the client secret the provider issued (at least 16 characters)',
      schema: 'z.string().min(16)',
      defaults: { test: 'test-only-client-secret-do-not-use-elsewhere' },
      secret: true,
    },
    {
      name: 'OIDC_REDIRECT_URL',
      description: "this service's `/v1/auth/callback` as the browser reaches it, registered at the provider",
      schema: 'z.url()',
      defaults: {
        development: 'http://localhost:3000/v1/auth/callback',
        test: 'http://localhost:3000/v1/auth/callback',
      },
      requiredInProduction: true,
    },
    {
      name: 'OIDC_AUDIENCE',
      description:
        "accept the provider's JWT access tokens with this `aud` as bearer tokens (this API's identifier, never the client id)",
      schema: 'z.string().min(1).optional()',
      unsetMeans: 'bearer tokens not accepted',
    },
  ],
  templates: 'auth-oidc',
  contributes: {
    plugins: [
      {
        name: 'authentication',
        from: './plugins/authentication.js',
        options: sessionPluginOptions,
        comment: 'who is calling (a session cookie, or a provider access token), and may they: 401/403',
      },
    ],
    modules: [{ name: 'authModule', from: './auth/auth.routes.js' }],
    tables: [
      {
        table: 'user_identities',
        type: 'UserIdentitiesTable',
        from: '../modules/identities/identities.repository.js',
      },
    ],
  },
};
