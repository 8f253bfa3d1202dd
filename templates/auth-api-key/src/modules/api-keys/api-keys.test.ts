import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { signIn } from '../../../test/auth.js';
import { buildTestApp, expectProblem, getTestDatabase, resetDatabase } from '../../../test/helpers.js';
import { createTestUser } from '../../../test/users.js';
import type { App } from '../../app.js';
import { hashRandomToken } from '../../auth/random-tokens.js';
import { ApiKeysRepository } from './api-keys.repository.js';

describe('API keys', () => {
  let app: App;

  beforeEach(async () => {
    await resetDatabase(await getTestDatabase());
    app = await buildTestApp();
  });
  afterEach(() => app.close());

  const me = (headers: Record<string, string> = {}) => app.inject({ url: '/v1/auth/me', headers });
  const createKey = (headers: Record<string, string>, payload: object) =>
    app.inject({ method: 'POST', url: '/v1/api-keys', headers, payload });

  describe('presented by a client', () => {
    it('are required: 401 without one, and for a malformed, unknown or altered key', async () => {
      const { key } = await signIn(app);
      const altered = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;

      expectProblem(await me(), 401);
      for (const presented of ['not-a-key', `sk_000000000000_${'a'.repeat(43)}`, altered]) {
        const response = await me({ 'x-api-key': presented });
        expectProblem(response, 401);
        expect(response.json().detail).toBe('The API key is not valid');
        expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
      }
    });

    it('work in X-API-Key and as a bearer token, and act as their owner', async () => {
      const { key, user } = await signIn(app);

      const ways: Record<string, string>[] = [
        { 'x-api-key': key },
        { authorization: `Bearer ${key}` },
        { authorization: `bearer ${key}` },
      ];
      for (const headers of ways) {
        const response = await me(headers);
        expect(response.statusCode).toBe(200);
        expect(response.json()).toEqual(user);
      }
    });

    it('record when they were last used', async () => {
      const { key, keyId } = await signIn(app);
      const { db } = await getTestDatabase();

      await me({ 'x-api-key': key });

      const { rows } = await sql<{
        last_used_at: Date | null;
      }>`SELECT last_used_at FROM api_keys WHERE id = ${keyId}`.execute(db);
      expect(rows[0]?.last_used_at).toBeInstanceOf(Date);
    });

    it('work until their expiry, and are refused after it', async () => {
      const { key } = await signIn(app);
      const { db } = await getTestDatabase();
      await sql`UPDATE api_keys SET expires_at = now() + interval '1 hour'`.execute(db);
      expect((await me({ 'x-api-key': key })).statusCode).toBe(200);
      await sql`UPDATE api_keys SET expires_at = now() - interval '1 second'`.execute(db);

      expectProblem(await me({ 'x-api-key': key }), 401);
    });
  });

  describe('POST /v1/api-keys', () => {
    it('creates a key and shows it once: the list never holds it, the database only its hash', async () => {
      const { headers } = await signIn(app, 'admin');

      const response = await createKey(headers, { name: 'billing worker', scopes: ['profile:read'] });

      expect(response.statusCode).toBe(201);
      const created = response.json();
      expect(created).toMatchObject({
        name: 'billing worker',
        scopes: ['profile:read'],
        expiresAt: null,
        revokedAt: null,
      });
      expect(created.key).toMatch(new RegExp(`^sk_${created.prefix}_[A-Za-z0-9_-]{43}$`));
      expect(response.headers.location).toBe(`/v1/api-keys/${created.id}`);
      expect((await me({ 'x-api-key': created.key })).statusCode).toBe(200);
      const list = await app.inject({ url: '/v1/api-keys', headers });
      expect(list.json().total).toBe(2);
      expect(list.body).not.toContain(created.key);
      const { rows } = await sql<Record<string, unknown>>`SELECT * FROM api_keys WHERE id = ${created.id}`.execute(
        (await getTestDatabase()).db,
      );
      expect(rows[0]?.key_hash).toBe(hashRandomToken(created.key));
      expect(JSON.stringify(rows)).not.toContain(created.key);
    });

    it('gives a key only the permissions of its scopes', async () => {
      const { headers } = await signIn(app, 'admin');
      const { key } = (await createKey(headers, { name: 'reader', scopes: ['profile:read'] })).json();

      expect((await me({ 'x-api-key': key })).statusCode).toBe(200);
      expectProblem(await app.inject({ url: '/v1/users', headers: { 'x-api-key': key } }), 403);
      expectProblem(await createKey({ 'x-api-key': key }, { name: 'more', scopes: ['profile:read'] }), 403);
    });

    it('drops a scope whose permission no longer exists (its resource removed): shown and granted no more', async () => {
      const { headers } = await signIn(app, 'admin');
      const created = (await createKey(headers, { name: 'reader', scopes: ['profile:read'] })).json();
      await sql`UPDATE api_keys SET scopes = array_append(scopes, 'notes:own') WHERE id = ${created.id}`.execute(
        (await getTestDatabase()).db,
      );

      const list = await app.inject({ url: '/v1/api-keys', headers });

      expect(list.statusCode).toBe(200);
      expect(list.json().data[0].scopes).toEqual(['profile:read']);
      expect((await me({ 'x-api-key': created.key })).statusCode).toBe(200);
    });

    it('refuses a scope its creator lacks', async () => {
      const { headers } = await signIn(app, 'admin');
      const { key } = (await createKey(headers, { name: 'key admin', scopes: ['api-keys:manage'] })).json();

      const response = await createKey({ 'x-api-key': key }, { name: 'escalation', scopes: ['users:read'] });

      expectProblem(response, 403);
      expect(response.json().detail).toContain('users:read');
    });

    it('is for admins only: 403 for a user', async () => {
      const { headers } = await signIn(app, 'user');

      expectProblem(await createKey(headers, { name: 'mine', scopes: ['profile:read'] }), 403);
    });

    it('refuses an expiry in the past, and unknown or repeated scopes (400)', async () => {
      const { headers } = await signIn(app, 'admin');

      expectProblem(
        await createKey(headers, { name: 'old', scopes: ['profile:read'], expiresAt: '2020-01-01T00:00:00.000Z' }),
        400,
      );
      expectProblem(await createKey(headers, { name: 'odd', scopes: ['everything'] }), 400);
      expectProblem(await createKey(headers, { name: 'twice', scopes: ['profile:read', 'profile:read'] }), 400);
    });
  });

  it("never let a key do more than its owner's role, whatever its scopes say", async () => {
    const user = await createTestUser('user');
    const { db } = await getTestDatabase();
    const key = `sk_0123456789ab_${'k'.repeat(43)}`;
    await new ApiKeysRepository(db).create({
      userId: user.id,
      createdByKeyId: null,
      name: 'written around the service',
      prefix: '0123456789ab',
      keyHash: hashRandomToken(key),
      scopes: ['profile:read', 'users:read'],
      expiresAt: null,
    });

    expect((await me({ 'x-api-key': key })).statusCode).toBe(200);
    expectProblem(await app.inject({ url: '/v1/users', headers: { 'x-api-key': key } }), 403);
  });

  it('made with a key expire no later than it, and are revoked with it', async () => {
    const { headers } = await signIn(app, 'admin');
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const maker = (
      await createKey(headers, { name: 'short-lived admin', scopes: ['api-keys:manage', 'profile:read'], expiresAt })
    ).json();

    const made = (
      await createKey({ 'x-api-key': maker.key }, { name: 'made by a key', scopes: ['profile:read'] })
    ).json();
    await app.inject({ method: 'DELETE', url: `/v1/api-keys/${maker.id}`, headers });

    expect(made.expiresAt).toBe(expiresAt);
    expectProblem(await me({ 'x-api-key': made.key }), 401);
  });

  it('are revoked at once by DELETE, and a second DELETE is 404', async () => {
    const { headers } = await signIn(app, 'admin');
    const created = (await createKey(headers, { name: 'temporary', scopes: ['profile:read'] })).json();
    const revoke = () => app.inject({ method: 'DELETE', url: `/v1/api-keys/${created.id}`, headers });

    expect((await revoke()).statusCode).toBe(204);
    expectProblem(await me({ 'x-api-key': created.key }), 401);
    expectProblem(await revoke(), 404);
  });
});
