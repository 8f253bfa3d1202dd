import type { Feature } from '../types.js';

/**
 * What every auth style shares: the users table and module, argon2id password hashing with the dummy-hash
 * check, roles and permissions, the guard that answers 401 and 403, and the script that makes the first admin.
 * Each style (auth-jwt, ...) requires it and adds how a request proves who sent it.
 */
export const authFeature: Feature = {
  id: 'auth',
  description: 'Users, argon2id passwords, roles and permissions (RBAC), 401/403 guard, first-admin script',
  when: (options) => options.auth !== 'none',
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
      defaults: { development: '900000', test: '900000', production: '900000' },
    },
  ],
  templates: 'auth',
  contributes: {
    modules: [{ name: 'usersModule', from: './users/users.routes.js' }],
    tables: [{ table: 'users', type: 'UsersTable', from: '../modules/users/users.repository.js' }],
    openapiSecurity: '../auth/openapi.js',
  },
};
