import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createTestUser, signIn, testPassword } from '../../../test/auth.js';
import { buildTestApp, expectProblem, getTestDatabase, resetDatabase } from '../../../test/helpers.js';
import type { App } from '../../app.js';
import { InvalidCredentialsError } from '../../auth/errors.js';
import { getRequestContext } from '../../plugins/request-context.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

describe('users', () => {
  let app: App;

  beforeEach(async () => {
    await resetDatabase(await getTestDatabase());
    app = await buildTestApp();
  });
  afterEach(() => app.close());

  async function usersService() {
    return new UsersService(new UsersRepository((await getTestDatabase()).db));
  }

  describe('GET /v1/users (admin only)', () => {
    it('is 401 without credentials, saying how to authenticate', async () => {
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
    it('keep emails lower-cased, so that one address is one account whatever its case', async () => {
      const users = await usersService();

      const user = await users.register('ada@example.com', testPassword);

      expect(user.email).toBe('ada@example.com');
      await expect(users.register('ada@example.com', testPassword)).rejects.toMatchObject({ statusCode: 409 });
    });

    it('store an argon2id hash, never the password', async () => {
      const user = await createTestUser('user');
      const { db } = await getTestDatabase();

      const { rows } = await sql<Record<string, unknown>>`SELECT * FROM users WHERE id = ${user.id}`.execute(db);

      expect(rows[0]?.password_hash).toMatch(/^\$argon2id\$/);
      expect(JSON.stringify(rows)).not.toContain(testPassword);
    });

    it('fail to log in with the same error for an unknown email and for a wrong password', async () => {
      const users = await usersService();
      const user = await createTestUser('user');

      await expect(users.verifyCredentials('nobody@example.com', testPassword)).rejects.toThrow(
        InvalidCredentialsError,
      );
      await expect(users.verifyCredentials(user.email, 'not the password')).rejects.toThrow(InvalidCredentialsError);
      await expect(users.verifyCredentials(user.email, testPassword)).resolves.toEqual(user);
    });
  });

  it('puts the authenticated user, from the credentials and not the request, in the request context', async () => {
    app.get('/test/whoami', { config: { permission: 'profile:read' } }, async () => getRequestContext()?.user);
    const { headers, user } = await signIn(app, 'user');

    const response = await app.inject({ url: '/test/whoami?role=admin', headers: { ...headers, 'x-role': 'admin' } });

    expect(response.json()).toEqual({ id: user.id, role: 'user', permissions: ['profile:read'] });
  });

  it('marks routes that require a permission as secured in the OpenAPI document', async () => {
    const document = (await app.inject({ url: '/docs/json' })).json();

    expect(document.paths['/v1/users'].get.security).toEqual(
      Object.keys(document.components.securitySchemes).map((name) => ({ [name]: [] })),
    );
    expect(document.paths['/health'].get.security).toBeUndefined();
  });
});
