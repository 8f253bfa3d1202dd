import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { signIn } from '../../../test/auth.js';
import { buildTestApp, expectProblem, getTestDatabase, resetDatabase } from '../../../test/helpers.js';
import type { App } from '../../app.js';
import { hashRandomToken } from '../../auth/random-tokens.js';

describe('sessions', () => {
  let app: App;

  beforeEach(async () => {
    await resetDatabase(await getTestDatabase());
    app = await buildTestApp();
  });
  afterEach(() => app.close());

  const me = (cookie?: string) => app.inject({ url: '/v1/auth/me', headers: cookie ? { cookie } : {} });
  const sessionRows = async () =>
    (await sql<{ token_hash: string; user_id: string }>`SELECT * FROM sessions`.execute((await getTestDatabase()).db))
      .rows;

  describe('the session cookie', () => {
    it('are required: 401 without a cookie, and with a cookie whose signature does not hold', async () => {
      const { cookie } = await signIn(app);
      const [name, value] = cookie.split('=') as [string, string];
      const tampered = `${name}=${value.slice(0, -2)}xx`;

      expectProblem(await me(), 401);
      expectProblem(await me(tampered), 401);
      expect((await me(cookie)).statusCode).toBe(200);
    });

    it('are stored server-side as SHA-256 hashes of the token only', async () => {
      const { user, cookie } = await signIn(app);
      const token = decodeURIComponent(cookie.split('=')[1] ?? '').split('.')[0] ?? '';

      const rows = await sessionRows();

      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ user_id: user.id, token_hash: hashRandomToken(token) });
      expect(JSON.stringify(rows)).not.toContain(token);
    });

    it('end after being idle too long, and at their absolute expiry however active', async () => {
      const { db } = await getTestDatabase();
      const idle = await signIn(app);
      await sql`UPDATE sessions SET last_seen_at = now() - interval '31 minutes'`.execute(db);
      const expired = await signIn(app);
      await sql`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = ${expired.user.id}`.execute(
        db,
      );

      expectProblem(await me(idle.cookie), 401);
      expectProblem(await me(expired.cookie), 401);
      expect(await sessionRows()).toHaveLength(0);
    });

    it('are destroyed server-side by logout: the same cookie, replayed, no longer works', async () => {
      const { cookie } = await signIn(app);

      const response = await app.inject({ method: 'POST', url: '/v1/auth/logout', headers: { cookie } });

      expect(response.statusCode).toBe(204);
      expect(String(response.headers['set-cookie'])).toMatch(/^sid=;.*Expires=Thu, 01 Jan 1970/);
      expect(await sessionRows()).toHaveLength(0);
      expectProblem(await me(cookie), 401);
    });
  });

  describe('cross-site requests', () => {
    it('that change something are refused (403) when their Origin is not trusted', async () => {
      const { cookie } = await signIn(app);
      const logout = (origin?: string) =>
        app.inject({ method: 'POST', url: '/v1/auth/logout', headers: { cookie, ...(origin ? { origin } : {}) } });

      expectProblem(await logout('https://evil.example'), 403);
      expectProblem(await logout('null'), 403);
      const withoutOrigin = { method: 'POST' as const, url: '/v1/auth/logout' };
      expectProblem(await app.inject({ ...withoutOrigin, headers: { cookie, 'sec-fetch-site': 'cross-site' } }), 403);
      expect((await me(cookie)).statusCode).toBe(200);
    });

    it('are let through from this service, from CORS_ORIGINS, and without an Origin (not a browser)', async () => {
      const { cookie } = await signIn(app);
      const read = await app.inject({ url: '/v1/auth/me', headers: { cookie, origin: 'https://evil.example' } });
      const logout = (headers: Record<string, string>) =>
        app.inject({ method: 'POST', url: '/v1/auth/logout', headers: { cookie, ...headers } });

      expect(read.statusCode).toBe(200);
      expect((await logout({ origin: 'http://localhost:80', host: 'localhost:80' })).statusCode).toBe(204);
      expect((await logout({ origin: 'http://localhost:3000' })).statusCode).toBe(204);
      expect((await logout({})).statusCode).toBe(204);
    });
  });
});
