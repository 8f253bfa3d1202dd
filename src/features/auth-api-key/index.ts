import type { Feature } from '../types.js';

/** API keys for machine clients: hashed, with a public prefix, scopes, expiry, last use and revocation. */
export const authApiKeyFeature: Feature = {
  id: 'auth-api-key',
  description: 'Hashed API keys with a public prefix, scopes as permissions, expiry, last use and revocation',
  provides: { auth: 'api-key' },
  requires: ['auth'],
  when: (options) => options.auth === 'api-key',
  dependencies: [],
  devDependencies: [],
  scripts: {
    'api-keys:create-admin': {
      command: 'tsx src/scripts/api-keys-create-admin.ts',
      description: 'creates the first API key, for the admin `ADMIN_EMAIL` (made if missing), and prints it once',
    },
  },
  env: [],
  templates: 'auth-api-key',
  contributes: {
    plugins: [
      {
        name: 'authentication',
        from: './plugins/authentication.js',
        options: '{ db: database.db }',
        comment: 'who is calling (an API key), and may they: 401/403',
      },
    ],
    modules: [{ name: 'apiKeysModule', from: './api-keys/api-keys.routes.js' }],
    tables: [{ table: 'api_keys', type: 'ApiKeysTable', from: '../modules/api-keys/api-keys.repository.js' }],
    permissions: [{ name: 'api-keys:manage', roles: ['admin'], description: 'create, list and revoke API keys' }],
  },
};
