import { type Feature, sameEverywhere } from '../types.js';

/** JWT access tokens (jose, HS256) and rotating, hashed refresh tokens with reuse detection. */
export const authJwtFeature: Feature = {
  id: 'auth-jwt',
  description: 'Short-lived JWT access tokens, rotating refresh tokens stored hashed, with reuse detection',
  provides: { auth: 'jwt' },
  requires: ['auth', 'auth-password'],
  when: (options) => options.auth === 'jwt',
  dependencies: ['jose'],
  devDependencies: [],
  env: [
    {
      name: 'JWT_SECRET',
      description: 'the key that signs access tokens (HS256): at least 32 characters, random',
      schema: 'z.string().min(32)',
      defaults: { test: 'test-only-jwt-secret-do-not-use-elsewhere' },
      secret: true,
    },
    {
      name: 'JWT_ISSUER',
      description: 'the `iss` of the tokens this service issues and accepts, e.g. its public URL',
      schema: 'z.string().min(1)',
      defaults: { development: 'http://localhost:3000', test: 'http://localhost:3000' },
      requiredInProduction: true,
    },
    {
      name: 'JWT_AUDIENCE',
      description: 'the `aud` of the tokens: who they are meant for',
      schema: 'z.string().min(1)',
      defaults: sameEverywhere('api'),
    },
    {
      name: 'ACCESS_TOKEN_TTL_SECONDS',
      description: 'how long an access token is good for',
      schema: 'z.coerce.number().int().positive()',
      defaults: sameEverywhere('900'),
    },
    {
      name: 'REFRESH_TOKEN_TTL_DAYS',
      description: 'how long a refresh token is good for, if not used',
      schema: 'z.coerce.number().int().positive()',
      defaults: sameEverywhere('30'),
    },
  ],
  templates: 'auth-jwt',
  contributes: {
    plugins: [
      {
        name: 'authentication',
        from: './plugins/authentication.js',
        options: '{ config }',
        comment: 'who is calling (a bearer token), and may they: 401/403',
      },
    ],
    modules: [{ name: 'authModule', from: './auth/auth.routes.js' }],
    tables: [
      { table: 'refresh_tokens', type: 'RefreshTokensTable', from: '../modules/auth/refresh-tokens.repository.js' },
    ],
  },
};
