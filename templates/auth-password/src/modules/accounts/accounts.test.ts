import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createAccount, testPassword } from '../../../test/accounts.js';
import { buildTestApp, expectProblem, getTestDatabase, resetDatabase } from '../../../test/helpers.js';
import type { App } from '../../app.js';
import { UsersRepository } from '../users/users.repository.js';
import { AccountsService, InvalidCredentialsError } from './accounts.service.js';

describe('accounts with passwords', () => {
  let app: App;

  beforeEach(async () => {
    await resetDatabase(await getTestDatabase());
    app = await buildTestApp();
  });
  afterEach(() => app.close());

  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });

  async function accountsService() {
    return new AccountsService(new UsersRepository((await getTestDatabase()).db));
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
      const user = await createAccount('user');

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

  describe('passwords', () => {
    it('store an argon2id hash, never the password', async () => {
      const user = await createAccount('user');
      const { db } = await getTestDatabase();

      const { rows } = await sql<Record<string, unknown>>`SELECT * FROM users WHERE id = ${user.id}`.execute(db);

      expect(rows[0]?.password_hash).toMatch(/^\$argon2id\$/);
      expect(JSON.stringify(rows)).not.toContain(testPassword);
    });

    it('fail to log in with the same error for an unknown email and for a wrong password', async () => {
      const accounts = await accountsService();
      const user = await createAccount('user');

      await expect(accounts.verifyCredentials('nobody@example.com', testPassword)).rejects.toThrow(
        InvalidCredentialsError,
      );
      await expect(accounts.verifyCredentials(user.email, 'not the password')).rejects.toThrow(InvalidCredentialsError);
      await expect(accounts.verifyCredentials(user.email, testPassword)).resolves.toEqual(user);
    });
  });
});
