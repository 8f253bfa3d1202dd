import { randomUUID } from 'node:crypto';

import type { InjectOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { signIn } from '../../../test/auth.js';
import { buildTestApp, expectProblem, getTestDatabase, resetDatabase } from '../../../test/helpers.js';
import type { App } from '../../app.js';

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A user signed in for a test: the user, and the headers that authenticate a request as them. */
type SignedIn = Awaited<ReturnType<typeof signIn>>;

describe('notes', () => {
  let app: App;
  /** Who sends the requests, unless a test says otherwise: a user signed in before each test. */
  let caller: SignedIn;
  const notesUrl = '/v1/notes';

  beforeEach(async () => {
    await resetDatabase(await getTestDatabase());
    app = await buildTestApp();
    caller = await signIn(app);
  });
  afterEach(() => app.close());

  /** Sends a request as `user`, the caller unless a test says otherwise. */
  const inject = (options: InjectOptions, user = caller) =>
    app.inject({ ...options, headers: { ...options.headers, ...user.headers } });

  /** A valid POST body; `fields` override or add to it. */
  async function validNote(fields: Record<string, unknown> = {}) {
    return { title: 'A title', ...fields };
  }

  /** A valid PUT body: every field but the optional ones, with other values than validNote's. */
  async function replacementNote() {
    return { title: 'B title', pinned: true };
  }

  /** Creates a note through the API, and returns it. */
  async function createNote(fields: Record<string, unknown> = {}, url = notesUrl) {
    const response = await inject({ method: 'POST', url, payload: await validNote(fields) });
    expect(response.statusCode).toBe(201);
    return response.json();
  }

  const list = (query = '') => inject({ url: `${notesUrl}${query}` });
  const ids = async (query = '') => (await list(query)).json().data.map((row: { id: string }) => row.id);

  describe('POST /v1/notes', () => {
    it('returns 201, a Location header and the note, with defaults applied', async () => {
      const payload = await validNote();

      const response = await inject({ method: 'POST', url: notesUrl, payload });

      expect(response.statusCode).toBe(201);
      const note = response.json();
      expect(response.headers.location).toBe(`${notesUrl}/${note.id}`);
      expect(response.headers.etag).toBe('"1"');
      expect(note).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        ...payload,
        body: null,
        pinned: false,
        ownerId: caller.user.id,
        version: 1,
        createdAt: expect.stringMatching(isoDateTime),
        updatedAt: note.createdAt,
      });
    });

    it('keeps every field it is given', async () => {
      const payload = await validNote({ title: 'B title', body: 'B body', pinned: true });

      const response = await inject({ method: 'POST', url: notesUrl, payload });

      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ ...payload });
      expect((await inject({ url: `${notesUrl}/${response.json().id}` })).json()).toEqual(response.json());
    });

    it('returns 400 listing an unknown field', async () => {
      const response = await inject({ method: 'POST', url: notesUrl, payload: await validNote({ unknownField: 'x' }) });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path: 'body', message: 'Unrecognized key: "unknownField"' }]);
    });

    it.each([
      ['a missing title', { title: undefined }, 'body.title', /expected string, received undefined/],
      ['an empty title', { title: '' }, 'body.title', /Too small: expected string to have >=1 characters/],
      [
        'a title over 255 characters',
        { title: 'x'.repeat(256) },
        'body.title',
        /Too big: expected string to have <=255 characters/,
      ],
      ['title as a number', { title: 42 }, 'body.title', /expected string, received number/],
      ['an empty body', { body: '' }, 'body.body', /Too small: expected string to have >=1 characters/],
      ['body as a number', { body: 42 }, 'body.body', /expected string, received number/],
      ['pinned as a string', { pinned: 'yes' }, 'body.pinned', /expected boolean, received string/],
    ])('returns 400 naming the field for %s', async (_, fields, path, message) => {
      const response = await inject({ method: 'POST', url: notesUrl, payload: await validNote(fields) });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path, message: expect.stringMatching(message) }]);
    });
  });

  describe('GET /v1/notes/:id', () => {
    it('returns 200 and the note', async () => {
      const note = await createNote();

      const response = await inject({ url: `${notesUrl}/${note.id}` });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(note);
    });

    it('returns 404 when no note has this id', async () => {
      const id = randomUUID();

      const response = await inject({ url: `${notesUrl}/${id}` });

      expectProblem(response, 404);
      expect(response.json().detail).toBe(`Note ${id} does not exist`);
    });

    it('returns 400 when the id is not a uuid', async () => {
      const response = await inject({ url: `${notesUrl}/42` });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path: 'params.id', message: 'Invalid UUID' }]);
    });
  });

  describe('GET /v1/notes', () => {
    it('returns 200 with an empty page when there are no notes', async () => {
      const response = await list();

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ data: [], total: 0, page: 1, limit: 20, totalPages: 0 });
    });

    it('returns 200 with { data, total, page, limit, totalPages }', async () => {
      const note = await createNote();

      expect((await list()).json()).toEqual({ data: [note], total: 1, page: 1, limit: 20, totalPages: 1 });
    });

    it('returns the first 20, newest first, by default', async () => {
      const rows = [];
      for (let i = 0; i < 20; i++) rows.push(await createNote());
      await new Promise((resolve) => setTimeout(resolve, 5)); // the newest's createdAt must not tie (same millisecond)
      rows.push(await createNote());

      const body = (await list()).json();

      expect(body).toMatchObject({ total: 21, page: 1, limit: 20, totalPages: 2 });
      expect(body.data).toHaveLength(20);
      expect(body.data[0].id).toBe(rows[20].id);
    });

    it('casts page and limit from the query string', async () => {
      for (let i = 0; i < 5; i++) await createNote();
      // Rows created within one millisecond tie on createdAt and fall back to id, so the whole list is the reference.
      const all = await ids('?limit=5&sortBy=createdAt&sortOrder=asc');

      const body = (await list('?limit=2&page=2&sortBy=createdAt&sortOrder=asc')).json();

      expect(body).toMatchObject({ total: 5, page: 2, limit: 2, totalPages: 3 });
      expect(body.data.map((row: { id: string }) => row.id)).toEqual(all.slice(2, 4));
    });

    it('returns 400 for a limit above 100, rather than a page silently cut short', async () => {
      const response = await list('?limit=1000');

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([
        { path: 'query.limit', message: 'Too big: expected number to be <=100' },
      ]);
    });

    it('returns 400 for a page that is not a positive integer', async () => {
      expectProblem(await list('?page=0'), 400);
      expectProblem(await list('?page=two'), 400);
    });

    it('sorts by createdAt, newest first by default', async () => {
      const first = await createNote();
      await new Promise((resolve) => setTimeout(resolve, 5)); // so that the two createdAt cannot tie
      const second = await createNote();

      expect(await ids()).toEqual([second.id, first.id]);
      expect(await ids('?sortBy=createdAt&sortOrder=asc')).toEqual([first.id, second.id]);
      expect(await ids('?sortBy=updatedAt&sortOrder=desc')).toEqual([second.id, first.id]);
    });

    it('sorts by title in either order', async () => {
      const middle = await createNote({ title: 'B title' });
      const lowest = await createNote({ title: 'A title' });
      const highest = await createNote({ title: 'C title' });

      expect(await ids('?sortBy=title&sortOrder=asc')).toEqual([lowest.id, middle.id, highest.id]);
      expect(await ids('?sortBy=title&sortOrder=desc')).toEqual([highest.id, middle.id, lowest.id]);
    });

    it('returns 400 for a sortBy that is not allow-listed, or a sortOrder that is neither asc nor desc', async () => {
      const notListed = await list('?sortBy=body');

      expectProblem(notListed, 400);
      expect(notListed.json().errors).toEqual([{ path: 'query.sortBy', message: expect.any(String) }]);
      expectProblem(await list('?sortBy=id;DROP TABLE notes'), 400);
      expectProblem(await list('?sortOrder=sideways'), 400);
    });

    it('filters by title: equal, contains', async () => {
      const matching = await createNote({ title: 'A title' });
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list('?title=B%20title')).json()).toMatchObject({ total: 0, data: [] });
      await createNote({ title: 'B title' });
      await createNote({ title: 'C title' });

      expect(await ids('?title=A%20title')).toEqual([matching.id]);
      // Part of the text, in another case
      expect(await ids('?title[contains]=A%20T')).toEqual([matching.id]);
      // % and _ stand for themselves, not for any text
      expect(await ids('?title[contains]=%25')).toEqual([]);
      expect(await ids('?title[contains]=_')).toEqual([]);

      // A value the field's rules refuse is a 400 naming the parameter.
      const refused = await list(`?title=${'x'.repeat(256)}`);
      expectProblem(refused, 400);
      expect(refused.json().errors).toEqual([{ path: 'query.title', message: expect.any(String) }]);
    });

    it('filters by body: equal, contains', async () => {
      const matching = await createNote({ body: 'A body' });
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list('?body=B%20body')).json()).toMatchObject({ total: 0, data: [] });
      await createNote({ body: 'B body' });
      await createNote({ body: 'C body' });

      expect(await ids('?body=A%20body')).toEqual([matching.id]);
      // Part of the text, in another case
      expect(await ids('?body[contains]=A%20B')).toEqual([matching.id]);
      // % and _ stand for themselves, not for any text
      expect(await ids('?body[contains]=%25')).toEqual([]);
      expect(await ids('?body[contains]=_')).toEqual([]);

      // A value the field's rules refuse is a 400 naming the parameter.
      const refused = await list('?body=');
      expectProblem(refused, 400);
      expect(refused.json().errors).toEqual([{ path: 'query.body', message: expect.any(String) }]);
    });

    it('filters by pinned: equal, cast from the query string', async () => {
      const matching = await createNote({ pinned: false });
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list('?pinned=true')).json()).toMatchObject({ total: 0, data: [] });
      await createNote({ pinned: true });

      expect(await ids('?pinned=false')).toEqual([matching.id]);

      // A value the field's rules refuse is a 400 naming the parameter.
      const refused = await list('?pinned=maybe');
      expectProblem(refused, 400);
      expect(refused.json().errors).toEqual([{ path: 'query.pinned', message: expect.any(String) }]);
    });

    it('combines filters, and counts only the rows that match them all', async () => {
      await createNote({ title: 'A title', body: 'A body' });
      await createNote({ title: 'A title', body: 'B body' });
      await createNote({ title: 'B title', body: 'A body' });

      expect((await list('?title=A%20title&body=A%20body&limit=1')).json()).toMatchObject({ total: 1, totalPages: 1 });
    });

    it('returns 400 for an unknown query parameter, such as a misspelt filter, or an unknown operator', async () => {
      const response = await list('?unknownField=1');

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path: 'query', message: 'Unrecognized key: "unknownField"' }]);
      const unknownOperator = await list('?title[foo]=1');
      expectProblem(unknownOperator, 400);
      expect(unknownOperator.json().errors).toEqual([{ path: 'query', message: 'Unrecognized key: "title[foo]"' }]);
    });
  });

  describe('PUT /v1/notes/:id', () => {
    it('replaces the whole note: an optional field left out becomes null', async () => {
      const note = await createNote({ body: 'B body' });
      const payload = await replacementNote();

      const response = await inject({ method: 'PUT', url: `${notesUrl}/${note.id}`, payload });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        ...note,
        ...payload,
        body: null,
        version: note.version + 1,
        updatedAt: expect.stringMatching(isoDateTime),
      });
    });

    it('returns 400 naming every required field that is missing, even one with a default on create', async () => {
      const note = await createNote();

      const response = await inject({ method: 'PUT', url: `${notesUrl}/${note.id}`, payload: {} });

      expectProblem(response, 400);
      expect(response.json().errors.map((error: { path: string }) => error.path)).toEqual([
        'body.title',
        'body.pinned',
      ]);
    });

    it('returns 404 when no note has this id', async () => {
      const response = await inject({
        method: 'PUT',
        url: `${notesUrl}/${randomUUID()}`,
        payload: await replacementNote(),
      });

      expectProblem(response, 404);
    });
  });

  describe('PATCH /v1/notes/:id', () => {
    it('changes the given fields only, and null clears an optional one', async () => {
      const note = await createNote({ body: 'B body' });
      const changes = { title: (await replacementNote()).title, body: null };

      const response = await inject({ method: 'PATCH', url: `${notesUrl}/${note.id}`, payload: changes });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        ...note,
        ...changes,
        version: note.version + 1,
        updatedAt: expect.stringMatching(isoDateTime),
      });
    });

    it('moves updatedAt forward (the database trigger), and leaves createdAt', async () => {
      const note = await createNote({ body: 'B body' });
      await new Promise((resolve) => setTimeout(resolve, 5));

      const response = await inject({
        method: 'PATCH',
        url: `${notesUrl}/${note.id}`,
        payload: { title: (await replacementNote()).title, body: null },
      });

      const updated = response.json();
      expect(updated.createdAt).toBe(note.createdAt);
      expect(updated.updatedAt).toMatch(isoDateTime);
      expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(note.updatedAt));
    });

    it('returns 400 for an empty body', async () => {
      const note = await createNote();

      const response = await inject({ method: 'PATCH', url: `${notesUrl}/${note.id}`, payload: {} });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path: 'body', message: 'Expected at least one field to change' }]);
    });

    it('returns 400 for a field that breaks its rule', async () => {
      const note = await createNote();

      const response = await inject({
        method: 'PATCH',
        url: `${notesUrl}/${note.id}`,
        payload: { title: '' },
      });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([
        { path: 'body.title', message: expect.stringMatching(/Too small: expected string to have >=1 characters/) },
      ]);
    });

    it('returns 404 when no note has this id', async () => {
      const response = await inject({
        method: 'PATCH',
        url: `${notesUrl}/${randomUUID()}`,
        payload: { title: (await replacementNote()).title, body: null },
      });

      expectProblem(response, 404);
    });
  });

  describe('DELETE /v1/notes/:id', () => {
    it('returns 204, then 404 for the same note', async () => {
      const note = await createNote();

      const first = await inject({ method: 'DELETE', url: `${notesUrl}/${note.id}` });
      const second = await inject({ method: 'DELETE', url: `${notesUrl}/${note.id}` });

      expect(first.statusCode).toBe(204);
      expect(first.body).toBe('');
      expectProblem(second, 404);
      expectProblem(await inject({ url: `${notesUrl}/${note.id}` }), 404);
    });
  });

  describe('conditional requests (ETag, If-None-Match, If-Match)', () => {
    it('GET sends the version as ETag, with Cache-Control: private, no-cache; If-None-Match with it is 304', async () => {
      const note = await createNote();
      const url = `${notesUrl}/${note.id}`;

      const first = await inject({ url });
      const again = await inject({ url, headers: { 'if-none-match': first.headers.etag } });

      expect(first.headers.etag).toBe(`"${note.version}"`);
      expect(first.headers['cache-control']).toBe('private, no-cache');
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers.etag).toBe(first.headers.etag);
    });

    it('GET with an ETag from before a change answers 200 with the new version', async () => {
      const note = await createNote();
      const url = `${notesUrl}/${note.id}`;
      const { etag } = (await inject({ url })).headers;
      await inject({ method: 'PATCH', url, payload: { title: (await replacementNote()).title, body: null } });

      const response = await inject({ url, headers: { 'if-none-match': etag } });

      expect(response.statusCode).toBe(200);
      expect(response.headers.etag).toBe(`"${note.version + 1}"`);
    });

    it('PUT, PATCH and DELETE with a stale If-Match answer 412 and change nothing', async () => {
      const note = await createNote();
      const url = `${notesUrl}/${note.id}`;
      const stale = `"${note.version}"`;
      const changed = await inject({
        method: 'PATCH',
        url,
        payload: { title: (await replacementNote()).title, body: null },
        headers: { 'if-match': stale },
      });
      expect(changed.statusCode).toBe(200);
      expect(changed.headers.etag).toBe(`"${note.version + 1}"`);

      const writes = [
        { method: 'PUT', payload: await replacementNote() },
        { method: 'PATCH', payload: { title: (await replacementNote()).title, body: null } },
        { method: 'DELETE' },
      ] as const;
      for (const write of writes) {
        const response = await inject({ ...write, url, headers: { 'if-match': stale } });

        expectProblem(response, 412);
        expect(response.json().detail).toBe(`Note ${note.id} has changed since it was read: get it again for its ETag`);
      }
      expect((await inject({ url })).json()).toEqual(changed.json());
    });

    it('PUT, PATCH and DELETE with the current If-Match (or *) go through', async () => {
      const note = await createNote();
      const url = `${notesUrl}/${note.id}`;

      const replaced = await inject({
        method: 'PUT',
        url,
        payload: await replacementNote(),
        headers: { 'if-match': '"1"' },
      });
      const updated = await inject({
        method: 'PATCH',
        url,
        payload: { title: (await replacementNote()).title, body: null },
        headers: { 'if-match': '"1", "2"' },
      });
      const deleted = await inject({ method: 'DELETE', url, headers: { 'if-match': '*' } });

      expect([replaced.statusCode, updated.statusCode, deleted.statusCode]).toEqual([200, 200, 204]);
      expect(updated.headers.etag).toBe('"3"');
    });

    it('of two writes with the same If-Match at once, one succeeds and the other gets 412: no lost update', async () => {
      const note = await createNote();
      const url = `${notesUrl}/${note.id}`;
      const write = async () =>
        inject({
          method: 'PATCH',
          url,
          payload: { title: (await replacementNote()).title, body: null },
          headers: { 'if-match': '"1"' },
        });

      const responses = await Promise.all([write(), write()]);

      expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 412]);
    });

    it('a weak ETag never lets a write through (If-Match compares strongly)', async () => {
      const note = await createNote();

      const response = await inject({
        method: 'DELETE',
        url: `${notesUrl}/${note.id}`,
        headers: { 'if-match': 'W/"1"' },
      });

      expectProblem(response, 412);
    });

    it('returns 404, not 412, with If-Match when no note has this id', async () => {
      const response = await inject({
        method: 'DELETE',
        url: `${notesUrl}/${randomUUID()}`,
        headers: { 'if-match': '"1"' },
      });

      expectProblem(response, 404);
    });

    it('lists and errors say Cache-Control: no-store', async () => {
      const list = await inject({ url: notesUrl });
      const missing = await inject({ url: `${notesUrl}/${randomUUID()}` });

      expect(list.headers['cache-control']).toBe('no-store');
      expect(missing.headers['cache-control']).toBe('no-store');
    });
  });

  describe('ownership', () => {
    it('returns 401 on every route without credentials', async () => {
      const note = await createNote();
      const url = `${notesUrl}/${note.id}`;
      const changes = { title: (await replacementNote()).title, body: null };

      const responses = [
        await app.inject({ url: notesUrl }),
        await app.inject({ method: 'POST', url: notesUrl, payload: await validNote() }),
        await app.inject({ url }),
        await app.inject({ method: 'PUT', url, payload: await replacementNote() }),
        await app.inject({ method: 'PATCH', url, payload: changes }),
        await app.inject({ method: 'DELETE', url }),
      ];

      for (const response of responses) expectProblem(response, 401);
      expect((await inject({ url })).json()).toEqual(note);
    });

    it('returns 400 for ownerId in a body: the owner is the caller, never the body', async () => {
      const note = await createNote();
      const url = `${notesUrl}/${note.id}`;
      const changes = { title: (await replacementNote()).title, body: null };
      const ownerId = (await signIn(app)).user.id;

      const responses = [
        await inject({ method: 'POST', url: notesUrl, payload: await validNote({ ownerId }) }),
        await inject({ method: 'PUT', url, payload: { ...(await replacementNote()), ownerId } }),
        await inject({ method: 'PATCH', url, payload: { ...changes, ownerId } }),
      ];

      for (const response of responses) {
        expectProblem(response, 400);
        expect(response.json().errors).toEqual([{ path: 'body', message: 'Unrecognized key: "ownerId"' }]);
      }
      expect((await inject({ url })).json()).toEqual(note);
    });

    it("returns 404 for another user's note on every route, as for one that does not exist", async () => {
      const stranger = await signIn(app);
      const note = (await inject({ method: 'POST', url: notesUrl, payload: await validNote() }, stranger)).json();
      const url = `${notesUrl}/${note.id}`;
      const changes = { title: (await replacementNote()).title, body: null };

      const responses = [
        await inject({ url }),
        await inject({ method: 'PUT', url, payload: await replacementNote() }),
        await inject({ method: 'PATCH', url, payload: changes }),
        await inject({ method: 'DELETE', url }),
      ];

      for (const response of responses) {
        expectProblem(response, 404);
        expect(response.json().detail).toBe(`Note ${note.id} does not exist`);
      }
      expect((await inject({ url }, stranger)).json()).toEqual(note);
    });

    it("lists and counts only the caller's notes", async () => {
      const stranger = await signIn(app);
      await inject({ method: 'POST', url: notesUrl, payload: await validNote() }, stranger);
      const note = await createNote();

      expect((await list()).json()).toMatchObject({ total: 1, data: [{ id: note.id }] });
    });

    it("lets an admin, who holds notes:all, read and change every user's notes", async () => {
      const note = await createNote();
      const admin = await signIn(app, 'admin');
      const url = `${notesUrl}/${note.id}`;

      expect((await inject({ url: notesUrl }, admin)).json()).toMatchObject({ total: 1, data: [note] });
      expect((await inject({ url }, admin)).json()).toEqual(note);
      const updated = await inject(
        { method: 'PATCH', url, payload: { title: (await replacementNote()).title, body: null } },
        admin,
      );
      expect(updated.statusCode).toBe(200);
      expect(updated.json().ownerId).toBe(caller.user.id);
      expect((await inject({ method: 'DELETE', url }, admin)).statusCode).toBe(204);
    });

    it('is deleted with its owner (ON DELETE CASCADE)', async () => {
      const note = await createNote();
      const { db } = await getTestDatabase();

      await db.deleteFrom('users').where('id', '=', caller.user.id).execute();

      expect(await db.selectFrom('notes').select('id').where('id', '=', note.id).execute()).toEqual([]);
    });
  });

  it('documents its routes in the OpenAPI document, errors as problem+json', async () => {
    const { paths } = (await inject({ url: '/docs/json' })).json();
    const collection = paths['/v1/notes'];
    const one = paths['/v1/notes/{id}'];

    expect(Object.keys(collection)).toEqual(['get', 'post']);
    expect(Object.keys(one)).toEqual(['get', 'put', 'patch', 'delete']);
    expect(Object.keys(one.get.responses['404'].content)).toEqual(['application/problem+json']);
    expect(one.delete.responses['204']).not.toHaveProperty('content');
    // The conditional request headers, and what they answer.
    const headersOf = (operation: { parameters: { in: string; name: string }[] }) =>
      operation.parameters.filter((parameter) => parameter.in === 'header').map((parameter) => parameter.name);
    expect(headersOf(one.get)).toEqual(['if-none-match']);
    expect(one.get.responses['304']).not.toHaveProperty('content');
    for (const write of [one.put, one.patch, one.delete]) {
      expect(headersOf(write)).toContain('if-match');
      expect(write.responses).toHaveProperty('412');
    }
    // Each filter of the list is a query parameter, with a description.
    const parameters = collection.get.parameters.map((parameter: { name: string; description?: string }) => [
      parameter.name,
      parameter.description,
    ]);
    expect(Object.fromEntries(parameters)).toMatchObject({
      title: expect.any(String),
      'title[contains]': expect.any(String),
    });
    expect(Object.keys(collection.post.responses)).toEqual(expect.arrayContaining(['401', '403']));
    expect(one.get.security).toEqual(expect.any(Array));
  });
});
