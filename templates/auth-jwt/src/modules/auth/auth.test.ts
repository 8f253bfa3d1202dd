import { createHash } from 'node:crypto';

import { SignJWT } from 'jose';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { signIn } from '../../../test/auth.js';
import { createAccount, testPassword } from '../../../test/accounts.js';
import { buildTestApp, expectProblem, getTestDatabase, resetDatabase, testConfig } from '../../../test/helpers.js';
import type { App } from '../../app.js';
import { hashRandomToken, newRandomToken } from '../../auth/random-tokens.js';
import { RefreshTokensRepository } from './refresh-tokens.repository.js';

const config = testConfig();

describe('auth (JWT)', () => {
  let app: App;

  beforeEach(async () => {
    await resetDatabase(await getTestDatabase());
    app = await buildTestApp();
  });
  afterEach(() => app.close());

  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });
  const me = (authorization?: string) =>
    app.inject({ url: '/v1/auth/me', headers: authorization ? { authorization } : {} });

  describe('POST /v1/auth/login', () => {
    it('returns a bearer access token and a refresh token that work, never to be cached', async () => {
      const user = await createAccount('user');

      const response = await post('/v1/auth/login', { email: user.email.toUpperCase(), password: testPassword });

      expect(response.statusCode).toBe(200);
      const tokens = response.json();
      expect(tokens).toEqual({
        accessToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: config.ACCESS_TOKEN_TTL_SECONDS,
        refreshToken: expect.any(String),
      });
      expect(response.headers['cache-control']).toBe('no-store'); // tokens must never sit in a cache
      const profile = await me(`Bearer ${tokens.accessToken}`);
      expect(profile.statusCode).toBe(200);
      expect(profile.json()).toEqual(user);
    });
  });

  describe('access tokens', () => {
    it('are required: 401 with WWW-Authenticate: Bearer when there is none', async () => {
      const response = await me();

      expectProblem(response, 401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
    });

    it('are refused when forged, unsigned, expired, or issued for someone else', async () => {
      const { user } = await signIn(app);
      const key = new TextEncoder().encode(config.JWT_SECRET);
      const token = (claims: { iss?: string; aud?: string; exp?: number; typ?: string }, signingKey = key) =>
        new SignJWT({ role: 'admin' })
          .setProtectedHeader({ alg: 'HS256', typ: claims.typ ?? 'at+jwt' })
          .setSubject(user.id)
          .setIssuer(claims.iss ?? config.JWT_ISSUER)
          .setAudience(claims.aud ?? config.JWT_AUDIENCE)
          .setIssuedAt()
          .setExpirationTime(claims.exp ?? '5m')
          .sign(signingKey);
      const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const unsigned = [
        base64url({ alg: 'none', typ: 'at+jwt' }),
        base64url({
          sub: user.id,
          role: 'admin',
          iss: config.JWT_ISSUER,
          aud: config.JWT_AUDIENCE,
          iat: now,
          exp: now + 300,
        }),
        '',
      ].join('.');

      const refused = {
        'signed with another key': await token(
          {},
          new TextEncoder().encode('another-secret-of-at-least-32-characters'),
        ),
        'alg none': unsigned,
        expired: await token({ exp: now - 60 }),
        'another issuer': await token({ iss: 'https://elsewhere.example' }),
        'another audience': await token({ aud: 'another-api' }),
        'not an access token': await token({ typ: 'JWT' }),
        'not a JWT': 'not-a-jwt',
      };

      for (const [what, forged] of Object.entries(refused)) {
        const response = await me(`Bearer ${forged}`);
        expect(response.statusCode, what).toBe(401);
        expect(response.headers['www-authenticate'], what).toBe('Bearer error="invalid_token"');
      }
      const otherScheme = await me('Basic dXNlcjpwYXNz');
      expect(otherScheme.statusCode).toBe(401);
      expect(otherScheme.headers['www-authenticate']).toBe('Bearer');
      const { tokens } = await signIn(app);
      expect((await me(`bearer ${tokens.accessToken}`)).statusCode).toBe(200);
    });
  });

  describe('refresh tokens', () => {
    it('rotate: a refresh returns new tokens, and the old refresh token stops working', async () => {
      const { tokens } = await signIn(app);

      const refreshed = await post('/v1/auth/refresh', { refreshToken: tokens.refreshToken });

      expect(refreshed.statusCode).toBe(200);
      const next = refreshed.json();
      expect(next.refreshToken).not.toBe(tokens.refreshToken);
      expect((await me(`Bearer ${next.accessToken}`)).statusCode).toBe(200);
      expectProblem(await post('/v1/auth/refresh', { refreshToken: tokens.refreshToken }), 401);
    });

    it('used twice revoke their whole family: the token rotated from it stops working too', async () => {
      const { tokens } = await signIn(app);
      const next = (await post('/v1/auth/refresh', { refreshToken: tokens.refreshToken })).json();

      const reused = await post('/v1/auth/refresh', { refreshToken: tokens.refreshToken });
      const afterReuse = await post('/v1/auth/refresh', { refreshToken: next.refreshToken });

      expectProblem(reused, 401);
      expectProblem(afterReuse, 401);
    });

    it('rotated into a family after it was revoked are refused too (a refresh racing the reuse)', async () => {
      const { user, tokens } = await signIn(app);
      const { db } = await getTestDatabase();
      await post('/v1/auth/refresh', { refreshToken: tokens.refreshToken });
      await post('/v1/auth/refresh', { refreshToken: tokens.refreshToken });
      const { rows } = await sql<{ family_id: string }>`SELECT family_id FROM refresh_tokens LIMIT 1`.execute(db);
      // What a request that won the rotation race writes last: a new token in the family revoked meanwhile.
      const late = newRandomToken();
      await new RefreshTokensRepository(db).create({
        userId: user.id,
        familyId: rows[0]?.family_id ?? '',
        tokenHash: hashRandomToken(late),
        expiresAt: new Date(Date.now() + 60_000),
      });

      expectProblem(await post('/v1/auth/refresh', { refreshToken: late }), 401);
    });

    it('are revoked by logout, and logging out twice is fine', async () => {
      const { tokens } = await signIn(app);

      const loggedOut = await post('/v1/auth/logout', { refreshToken: tokens.refreshToken });
      const again = await post('/v1/auth/logout', { refreshToken: tokens.refreshToken });
      const refreshed = await post('/v1/auth/refresh', { refreshToken: tokens.refreshToken });

      expect(loggedOut.statusCode).toBe(204);
      expect(again.statusCode).toBe(204);
      expectProblem(refreshed, 401);
    });

    it('are stored as SHA-256 hashes only', async () => {
      const { tokens } = await signIn(app);
      const { db } = await getTestDatabase();

      const { rows } = await sql<{ token_hash: string }>`SELECT * FROM refresh_tokens`.execute(db);

      expect(rows).toHaveLength(1);
      expect(rows[0]?.token_hash).toBe(createHash('sha256').update(tokens.refreshToken).digest('hex'));
      expect(JSON.stringify(rows)).not.toContain(tokens.refreshToken);
    });

    it('that are unknown or expired are refused', async () => {
      const { tokens } = await signIn(app);
      const { db } = await getTestDatabase();
      await sql`UPDATE refresh_tokens SET expires_at = now() - interval '1 second'`.execute(db);

      expectProblem(await post('/v1/auth/refresh', { refreshToken: tokens.refreshToken }), 401);
      expectProblem(await post('/v1/auth/refresh', { refreshToken: 'made-up-token' }), 401);
    });
  });
});
