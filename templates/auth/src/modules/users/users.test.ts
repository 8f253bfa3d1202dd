import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { signIn } from '../../../test/auth.js';
import { createTestUser, testPassword } from '../../../test/users.js';
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

  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });

  async function usersService() {
    return new UsersService(new UsersRepository((await getTestDatabase()).db));
  }

  describe('POST /v1/auth/register', () => {
    it('creates a user with the role user, lower-casing the email, and answers 201 with a Location', async () => {
      const response = await post('/v1/auth/register', { email: 'Ada@Example.com', password: testPassword });

      expect(response.statusCode).toBe(201);
      const user = response.json();
      expect(user).toMatchObject({ email: 'ada@example.com', role: 'user' });
      expect(response.headers.location).toBe(`/v1/users/${user.id}`);
      expect(user).not.toHaveProperty('passwordHash');
    });

    it('never takes a role from the request', async () => {
      const response = await post('/v1/auth/register', {
        email: 'eve@example.com',
        password: testPassword,
        role: 'admin',
      });

      expectProblem(response, 400);
    });

    it('refuses a short password (400) and an email that has an account (409)', async () => {
      await post('/v1/auth/register', { email: 'ada@example.com', password: testPassword });

      expectProblem(await post('/v1/auth/register', { email: 'bob@example.com', password: 'short' }), 400);
      expectProblem(await post('/v1/auth/register', { email: 'ADA@example.com', password: testPassword }), 409);
    });
  });

  describe('POST /v1/auth/login, failing', () => {
    it('answers 401 with one generic message for an unknown email, a wrong password and a malformed email', async () => {
      const user = await createTestUser('user');

      const failures = [
        await post('/v1/auth/login', { email: 'nobody@example.com', password: testPassword }),
        await post('/v1/auth/login', { email: user.email, password: 'not the password at all' }),
        await post('/v1/auth/login', { email: 'not an email', password: testPassword }),
      ];

      for (const response of failures) {
        expectProblem(response, 401);
        expect(response.json().detail).toBe('Invalid email or password');
      }
    });

    it('is rate limited more strictly than other routes', async () => {
      await app.close();
      app = await buildTestApp({ LOGIN_RATE_LIMIT_MAX: '3' });
      const attempt = () => post('/v1/auth/login', { email: 'nobody@example.com', password: testPassword });

      const statuses = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await attempt()).statusCode);
      const limited = await attempt();

      expect(statuses).toEqual([401, 401, 401, 429]);
      expectProblem(limited, 429);
      expect(limited.headers['retry-after']).toBeDefined();
      expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
    });
  });

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
