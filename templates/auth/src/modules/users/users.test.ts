import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { signIn } from '../../../test/auth.js';
import { createTestUser } from '../../../test/users.js';
import { buildTestApp, expectProblem, getTestDatabase, resetDatabase } from '../../../test/helpers.js';
import type { App } from '../../app.js';
import { rolePermissions } from '../../auth/permissions.js';
import { getRequestContext } from '../../plugins/request-context.js';
import { UsersRepository } from './users.repository.js';

describe('users', () => {
  let app: App;

  beforeEach(async () => {
    await resetDatabase(await getTestDatabase());
    app = await buildTestApp();
  });
  afterEach(() => app.close());

  describe('GET /v1/users (admin only)', () => {
    it('is 401 without credentials', async () => {
      const response = await app.inject({ url: '/v1/users' });

      expectProblem(response, 401);
      expect(response.json().detail).toBe('Authentication is required');
    });

    it('is 403 for an authenticated user whose role does not grant users:read', async () => {
      const { headers } = await signIn(app, 'user');

      const response = await app.inject({ url: '/v1/users', headers });

      expectProblem(response, 403);
    });

    it('lists users for an admin, and never shows a password hash', async () => {
      const { headers, user: admin } = await signIn(app, 'admin');
      const other = await createTestUser('user');

      const response = await app.inject({ url: '/v1/users', headers });

      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body).toMatchObject({ total: 2, page: 1, limit: 20, totalPages: 1 });
      expect(body.data.map((user: { id: string }) => user.id).sort()).toEqual([admin.id, other.id].sort());
      expect(Object.keys(body.data[0]).sort()).toEqual(['createdAt', 'email', 'id', 'role', 'updatedAt']);
      expect(response.body).not.toContain('argon2');
    });

    it('gets one user for an admin, and 404 for one that does not exist', async () => {
      const { headers } = await signIn(app, 'admin');
      const other = await createTestUser('user');

      const found = await app.inject({ url: `/v1/users/${other.id}`, headers });
      const missing = await app.inject({ url: '/v1/users/00000000-0000-4000-8000-000000000000', headers });

      expect(found.statusCode).toBe(200);
      expect(found.json()).toEqual(other);
      expectProblem(missing, 404);
    });
  });

  describe('accounts', () => {
    it('are refused by the database if their email is not lower-case, whoever writes them', async () => {
      const { db } = await getTestDatabase();

      const write = new UsersRepository(db).create({ email: 'Ada@Example.com', passwordHash: null });

      await expect(write).rejects.toMatchObject({ code: '23514' });
    });
  });

  it('answers 401 on /v1/auth/me once the account is gone, even with credentials issued before', async () => {
    const { headers, user } = await signIn(app, 'user');
    const { db } = await getTestDatabase();
    await sql`DELETE FROM users WHERE id = ${user.id}`.execute(db);

    expectProblem(await app.inject({ url: '/v1/auth/me', headers }), 401);
  });

  it('puts the authenticated user, from the credentials and not the request, in the request context', async () => {
    app.get('/test/whoami', { config: { permission: 'profile:read' } }, async () => getRequestContext()?.user);
    const { headers, user } = await signIn(app, 'user');

    const response = await app.inject({ url: '/test/whoami?role=admin', headers: { ...headers, 'x-role': 'admin' } });

    // The user role's permissions (owned resources add to them), not the admin's that the request claims.
    expect(response.json()).toMatchObject({ id: user.id, role: 'user', permissions: [...rolePermissions.user] });
  });

  it('marks routes that require a permission as secured in the OpenAPI document', async () => {
    const document = (await app.inject({ url: '/docs/json' })).json();

    expect(document.paths['/v1/users'].get.security).toEqual(
      Object.keys(document.components.securitySchemes).map((name) => ({ [name]: [] })),
    );
    expect(document.paths['/health'].get.security).toBeUndefined();
  });
});
