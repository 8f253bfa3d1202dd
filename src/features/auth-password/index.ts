import { type Feature, sameEverywhere } from '../types.js';

/**
 * Accounts with passwords, for the styles where people log in with one (session, jwt): argon2id hashing with
 * the dummy-hash check, sign-up, the login schema and its generic failure, a stricter login rate limit, and the
 * script that makes the first admin.
 */
export const authPasswordFeature: Feature = {
  id: 'auth-password',
  description:
    'argon2id passwords, sign-up, one generic login failure, a stricter login rate limit, first-admin script',
  requires: ['auth'],
  when: (options) => options.auth === 'session' || options.auth === 'jwt',
  dependencies: ['@node-rs/argon2'],
  devDependencies: [],
  scripts: {
    'users:create-admin': {
      command: 'tsx src/scripts/users-create-admin.ts',
      description: 'creates an admin from `ADMIN_EMAIL` and `ADMIN_PASSWORD`, or asks for them',
    },
  },
  env: [
    {
      name: 'LOGIN_RATE_LIMIT_MAX',
      description: 'login attempts per client IP per login window (stricter than `RATE_LIMIT_MAX`)',
      schema: 'z.coerce.number().int().positive()',
      defaults: { development: '20', test: '100', production: '10' },
    },
    {
      name: 'LOGIN_RATE_LIMIT_WINDOW_MS',
      description: 'the login rate limit window, in milliseconds',
      schema: 'z.coerce.number().int().positive()',
      defaults: sameEverywhere('900000'),
    },
  ],
  templates: 'auth-password',
  contributes: {
    modules: [{ name: 'accountsModule', from: './accounts/accounts.routes.js' }],
  },
};
