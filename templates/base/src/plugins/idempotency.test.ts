import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';

import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { buildTestApp, expectProblem, getTestDatabase } from '../../test/helpers.js';
import type { App } from '../app.js';
import { NotFoundError } from '../lib/errors.js';
import { PostgresIdempotencyStore } from '../lib/idempotency-store.js';

const noteSchema = z.strictObject({ text: z.string().min(1), tag: z.string().optional() });

/**
 * A table of notes and routes that write to it, standing in for a resource: POST creates a note, PATCH of a
 * missing note is a 404, and `fail` makes the first POST fail with a 500.
 */
async function addNoteRoutes(app: App, options: { release?: Promise<void>; entered?: () => void } = {}) {
  const { db } = await getTestDatabase();
  let failures = 0;
  app.post('/test/notes', { schema: { body: noteSchema } }, async (request, reply) => {
    options.entered?.();
    await options.release;
    if (request.body.text === 'fail' && failures++ === 0) throw new Error('the database went away');
    const { rows } = await sql<{ id: number }>`
      INSERT INTO idempotency_test_notes (text) VALUES (${request.body.text}) RETURNING id
    `.execute(db);
    const id = rows[0]!.id;
    reply.code(201).header('location', `/test/notes/${id}`);
    return { id, ...request.body };
  });
  app.patch('/test/notes/:id', { schema: { body: noteSchema } }, async () => {
    throw new NotFoundError();
  });
}

async function countNotes(): Promise<number> {
  const { db } = await getTestDatabase();
  const { rows } = await sql<{ count: string }>`SELECT count(*) FROM idempotency_test_notes`.execute(db);
  return Number(rows[0]!.count);
}

function postNote(app: App, key: string | undefined, payload: object = { text: 'buy milk' }, url = '/test/notes') {
  return app.inject({ method: 'POST', url, payload, headers: key === undefined ? {} : { 'idempotency-key': key } });
}

describe('Idempotency-Key', () => {
  let app: App;
  beforeAll(async () => {
    const { db } = await getTestDatabase();
    await sql`CREATE TABLE idempotency_test_notes (id serial PRIMARY KEY, text text NOT NULL)`.execute(db);
  });
  afterAll(async () => {
    const { db } = await getTestDatabase();
    await sql`DROP TABLE idempotency_test_notes`.execute(db);
  });
  beforeEach(async () => {
    const { db } = await getTestDatabase();
    await sql`TRUNCATE idempotency_test_notes, idempotency_keys`.execute(db);
  });
  afterEach(() => app.close());

  it('answers a retry with the first response, marked as replayed, and creates nothing', async () => {
    app = await buildTestApp();
    await addNoteRoutes(app);
    const key = randomUUID();

    const first = await postNote(app, key);
    const retry = await postNote(app, key);

    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.headers['content-type']).toBe(first.headers['content-type']);
    expect(retry.body).toBe(first.body);
    expect(retry.headers['x-request-id']).not.toBe(first.headers['x-request-id']); // the retry's own
    expect(await countNotes()).toBe(1);
  });

  it('runs every request without a key, and each new key once', async () => {
    app = await buildTestApp();
    await addNoteRoutes(app);

    await postNote(app, undefined);
    await postNote(app, undefined);
    await postNote(app, randomUUID());

    expect(await countNotes()).toBe(3);
  });

  it('takes the same body with its fields in another order as the same request', async () => {
    app = await buildTestApp();
    await addNoteRoutes(app);
    const key = randomUUID();

    await postNote(app, key, { text: 'buy milk', tag: 'home' });
    const retry = await postNote(app, key, { tag: 'home', text: 'buy milk' });

    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await countNotes()).toBe(1);
  });

  it('refuses the same key with another body, or another URL, with 422', async () => {
    app = await buildTestApp();
    await addNoteRoutes(app);
    const key = randomUUID();

    await postNote(app, key, { text: 'buy milk' });
    const otherBody = await postNote(app, key, { text: 'buy bread' });
    const otherUrl = await postNote(app, key, { text: 'buy milk' }, '/test/notes?copy=1');

    expectProblem(otherBody, 422);
    expect(otherBody.json().detail).toMatch(/Idempotency-Key/);
    expectProblem(otherUrl, 422);
    expect(await countNotes()).toBe(1);
  });

  it('refuses the same key with another If-Match with 422: it makes the write conditional on another version', async () => {
    app = await buildTestApp();
    await addNoteRoutes(app);
    const key = randomUUID();
    const patchNote = (ifMatch: string) =>
      app.inject({
        method: 'PATCH',
        url: '/test/notes/1',
        payload: { text: 'buy milk' },
        headers: { 'idempotency-key': key, 'if-match': ifMatch },
      });

    await patchNote('"1"');
    const otherVersion = await patchNote('"2"');

    expectProblem(otherVersion, 422);
  });

  it('answers a retry that comes while the first request still runs with 409 and Retry-After', async () => {
    let release!: () => void;
    let entered!: () => void;
    const handlerEntered = new Promise<void>((resolve) => (entered = resolve));
    app = await buildTestApp();
    await addNoteRoutes(app, { release: new Promise((resolve) => (release = resolve)), entered });
    const key = randomUUID();

    const first = postNote(app, key);
    await handlerEntered;
    const concurrent = await postNote(app, key);
    release();
    const firstResponse = await first; // once the first response is out, its key is complete
    const afterwards = await postNote(app, key);

    expectProblem(concurrent, 409);
    expect(concurrent.headers['retry-after']).toBe('1');
    expect(firstResponse.statusCode).toBe(201);
    expect(afterwards.headers['idempotent-replayed']).toBe('true');
    expect(await countNotes()).toBe(1);
  });

  it('keeps a 4xx answer and replays it, on PATCH as on POST', async () => {
    app = await buildTestApp();
    await addNoteRoutes(app);
    const key = randomUUID();
    const patch = () =>
      app.inject({
        method: 'PATCH',
        url: '/test/notes/1',
        payload: { text: 'x' },
        headers: { 'idempotency-key': key },
      });

    const first = await patch();
    const retry = await patch();

    expectProblem(first, 404);
    expect(retry.statusCode).toBe(404);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toBe(first.body); // the first response's body, request id included
  });

  it('keeps no 5xx: the key is released, and a retry runs again', async () => {
    app = await buildTestApp();
    await addNoteRoutes(app);
    const key = randomUUID();

    const failed = await postNote(app, key, { text: 'fail' });
    const retry = await postNote(app, key, { text: 'fail' });

    expectProblem(failed, 500);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(await countNotes()).toBe(1);
  });

  it('forgets a key after IDEMPOTENCY_KEY_TTL_SECONDS: the request then runs again', async () => {
    app = await buildTestApp({ IDEMPOTENCY_KEY_TTL_SECONDS: '2' });
    await addNoteRoutes(app);
    const key = randomUUID();

    await postNote(app, key);
    const soon = await postNote(app, key);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const later = await postNote(app, key);

    expect(soon.headers['idempotent-replayed']).toBe('true');
    expect(later.statusCode).toBe(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect(await countNotes()).toBe(2);
  });

  it('refuses an empty key, or one longer than 255 characters, with 400', async () => {
    app = await buildTestApp();
    await addNoteRoutes(app);

    const empty = await postNote(app, '');
    const long = await postNote(app, 'k'.repeat(256));

    expectProblem(empty, 400);
    expect(empty.json().errors).toEqual([{ path: 'headers.idempotency-key', message: expect.any(String) }]);
    expectProblem(long, 400);
    expect(await countNotes()).toBe(0);
  });

  it('compresses a replay as it compressed the first response', async () => {
    app = await buildTestApp();
    await addNoteRoutes(app);
    const key = randomUUID();
    const long = { text: 'x'.repeat(2000) };
    const gzip = { 'accept-encoding': 'gzip', 'idempotency-key': key };

    const first = await app.inject({ method: 'POST', url: '/test/notes', payload: long, headers: gzip });
    const retry = await app.inject({ method: 'POST', url: '/test/notes', payload: long, headers: gzip });

    expect(first.headers['content-encoding']).toBe('gzip');
    expect(retry.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(retry.rawPayload).toString()).toBe(gunzipSync(first.rawPayload).toString());
  });

  it('documents the header, and its 409 and 422, on POST and PATCH routes only', async () => {
    app = await buildTestApp();
    await addNoteRoutes(app);

    const { paths } = (await app.inject({ url: '/docs/json' })).json();

    for (const operation of [paths['/test/notes'].post, paths['/test/notes/{id}'].patch]) {
      expect(operation.parameters).toContainEqual(
        expect.objectContaining({ in: 'header', name: 'idempotency-key', required: false }),
      );
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['409', '422']));
      expect(Object.keys(operation.responses['409'].content)).toEqual(['application/problem+json']);
    }
    expect(paths['/health'].get.parameters ?? []).toEqual([]);
  });
});

describe('PostgresIdempotencyStore', () => {
  beforeEach(async () => {
    const { db } = await getTestDatabase();
    await sql`TRUNCATE idempotency_keys`.execute(db);
  });

  it('deletes expired keys, and only those', async () => {
    const { db } = await getTestDatabase();
    const store = new PostgresIdempotencyStore(db, { ttlSeconds: 60, leaseSeconds: 60 });
    const expired = { scope: 'anonymous', key: 'old', fingerprint: 'f' };
    await store.start(expired);
    await db
      .updateTable('idempotency_keys')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .execute();
    await store.start({ scope: 'anonymous', key: 'new', fingerprint: 'f' });

    expect(await store.deleteExpired()).toBe(1);
    expect(await store.get('anonymous', 'new')).toEqual({ fingerprint: 'f' });
    const { rows } = await sql<{ key: string }>`SELECT key FROM idempotency_keys`.execute(db);
    expect(rows).toEqual([{ key: 'new' }]);
  });
});
