import { randomUUID } from 'node:crypto';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { signIn } from '../../test/auth.js';
import { buildTestApp, getTestDatabase, resetDatabase } from '../../test/helpers.js';
import type { App } from '../app.js';
import { currentUser } from '../auth/access.js';

describe('Idempotency-Key, per caller', () => {
  let app: App;
  let runs: number;

  beforeEach(async () => {
    await resetDatabase(await getTestDatabase());
    app = await buildTestApp();
    runs = 0;
    // A route that requires a caller, and answers with a new id each time it runs.
    app.post(
      '/test/orders',
      { config: { permission: 'profile:read' }, schema: { body: z.strictObject({ item: z.string() }) } },
      async (request, reply) => {
        runs += 1;
        reply.code(201);
        return { id: randomUUID(), item: request.body.item, userId: currentUser(request).id };
      },
    );
  });
  afterEach(() => app.close());

  function order(headers: Record<string, string>, key: string) {
    return app.inject({
      method: 'POST',
      url: '/test/orders',
      payload: { item: 'book' },
      headers: { ...headers, 'idempotency-key': key },
    });
  }

  it("keeps each caller's keys apart: the same key from two users runs twice, and each retry replays its own", async () => {
    const alice = await signIn(app);
    const bob = await signIn(app);
    const key = randomUUID();

    const aliceFirst = await order(alice.headers, key);
    const bobFirst = await order(bob.headers, key);
    const aliceRetry = await order(alice.headers, key);
    const bobRetry = await order(bob.headers, key);

    expect([aliceFirst.statusCode, bobFirst.statusCode]).toEqual([201, 201]);
    expect(bobFirst.headers['idempotent-replayed']).toBeUndefined();
    expect(aliceFirst.json().userId).toBe(alice.user.id);
    expect(bobFirst.json().userId).toBe(bob.user.id);
    expect(aliceRetry.body).toBe(aliceFirst.body);
    expect(bobRetry.body).toBe(bobFirst.body);
    expect(runs).toBe(2);
  });

  it('takes no key for a request refused before it runs (401)', async () => {
    const response = await order({}, randomUUID());

    const { db } = await getTestDatabase();
    const keys = await db.selectFrom('idempotency_keys').select('key').execute();
    expect(response.statusCode).toBe(401);
    expect(keys).toEqual([]);
  });
});
