import type { Feature } from '../types.js';

/**
 * What every auth style shares: the users table and module, roles and permissions, and the guard that answers
 * 401 and 403. Each style (auth-jwt, auth-session, ...) requires it and adds how a request proves who sent it;
 * the styles with passwords also require auth-password.
 */
export const authFeature: Feature = {
  id: 'auth',
  description: 'Users, roles and permissions (RBAC), the 401/403 guard, /v1/auth/me and the admin users routes',
  when: (options) => options.auth !== 'none',
  dependencies: [],
  devDependencies: [],
  env: [],
  templates: 'auth',
  contributes: {
    modules: [{ name: 'usersModule', from: './users/users.routes.js' }],
    tables: [{ table: 'users', type: 'UsersTable', from: '../modules/users/users.repository.js' }],
    openapiSecurity: '../auth/openapi.js',
    permissions: [
      { name: 'profile:read', roles: ['user', 'admin'], description: 'see their own account (GET /v1/auth/me)' },
      { name: 'users:read', roles: ['admin'], description: 'list and read every account' },
    ],
  },
};
