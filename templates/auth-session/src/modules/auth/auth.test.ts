import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { signIn } from '../../../test/auth.js';
import { buildTestApp, getTestDatabase, productionOverrides, resetDatabase } from '../../../test/helpers.js';
import { createAccount, logIn } from '../../../test/accounts.js';
import type { App } from '../../app.js';
import type { User } from '../users/users.schemas.js';

describe('password login into a session', () => {
  let app: App;

  beforeEach(async () => {
    await resetDatabase(await getTestDatabase());
    app = await buildTestApp();
  });
  afterEach(() => app.close());

  const me = (cookie?: string) => app.inject({ url: '/v1/auth/me', headers: cookie ? { cookie } : {} });
  const login = (user: User, cookie?: string) => logIn(app, user, cookie ? { cookie } : {});
  const sessionRows = async () =>
    (await sql<{ token_hash: string; user_id: string }>`SELECT * FROM sessions`.execute((await getTestDatabase()).db))
      .rows;

  describe('POST /v1/auth/login', () => {
    it('returns the user and sets an HttpOnly, SameSite=Lax session cookie for the whole site', async () => {
      const user = await createAccount('user');

      const response = await login(user);

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(user);
      const setCookie = String(response.headers['set-cookie']);
      expect(setCookie).toMatch(/^sid=[^;]+/);
      expect(setCookie).toMatch(/; HttpOnly/);
      expect(setCookie).toMatch(/; SameSite=Lax/);
      expect(setCookie).toMatch(/; Path=\//);
      expect(setCookie).toMatch(/; Expires=/);
      expect(setCookie).not.toMatch(/; Secure/);
      expect(response.headers['cache-control']).toBe('no-store'); // nor may a cache keep the user it answers
    });

    it('marks the cookie Secure, with the __Host- prefix, in production', async () => {
      await app.close();
      app = await buildTestApp(productionOverrides);
      const user = await createAccount('user');

      const setCookie = String((await login(user)).headers['set-cookie']);

      expect(setCookie).toMatch(/^__Host-sid=[^;]+/);
      expect(setCookie).toMatch(/; Secure/);
      expect(setCookie).toMatch(/; HttpOnly/);
    });

    it('gives a new session id at every login, and destroys the one the client had', async () => {
      const { user, cookie: first } = await signIn(app);

      const again = await login(user, first);
      const second = String(again.headers['set-cookie']).split(';', 1)[0] ?? '';

      expect(second).not.toBe(first);
      expect((await me(first)).statusCode).toBe(401);
      expect((await me(second)).statusCode).toBe(200);
      expect(await sessionRows()).toHaveLength(1);
    });
  });
});
