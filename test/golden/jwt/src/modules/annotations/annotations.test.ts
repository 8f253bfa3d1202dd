import { randomUUID } from 'node:crypto';

import type { InjectOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { signIn } from '../../../test/auth.js';
import { buildTestApp, expectProblem, getTestDatabase, resetDatabase } from '../../../test/helpers.js';
import type { App } from '../../app.js';

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A user signed in for a test: the user, and the headers that authenticate a request as them. */
type SignedIn = Awaited<ReturnType<typeof signIn>>;

/** A row made through the API for a test: its id, and its URL (the Location header of its POST). */
interface Created {
  id: string;
  url: string;
}

describe('annotations', () => {
  let app: App;
  /** Who sends the requests, unless a test says otherwise: a user signed in before each test. */
  let caller: SignedIn;
  const annotationsUrl = '/v1/annotations';

  beforeEach(async () => {
    await resetDatabase(await getTestDatabase());
    app = await buildTestApp();
    caller = await signIn(app);
  });
  afterEach(() => app.close());

  /** Sends a request as `user`, the caller unless a test says otherwise. */
  const inject = (options: InjectOptions, user = caller) =>
    app.inject({ ...options, headers: { ...options.headers, ...user.headers } });

  /** POSTs a valid body, checks that it was created, and returns the row's id and URL. */
  async function post(url: string, payload: object, user?: SignedIn): Promise<Created> {
    const response = await inject({ method: 'POST', url, payload }, user);
    expect(response.statusCode).toBe(201);
    return { id: response.json().id, url: response.headers.location as string };
  }

  /** Makes a note through the API as `user` (the caller unless given), with the fields it requires. */
  async function postNote(user?: SignedIn): Promise<Created> {
    return post('/v1/notes', { title: 'A title' }, user);
  }

  /** A valid POST body; `fields` override or add to it. */
  async function validAnnotation(fields: Record<string, unknown> = {}) {
    return { body: 'A body', noteId: fields.noteId ?? (await postNote()).id, ...fields };
  }

  /** A valid PUT body: every field but the optional ones, with other values than validAnnotation's. */
  async function replacementAnnotation() {
    return { body: 'B body', noteId: (await postNote()).id };
  }

  /** Creates an annotation through the API, and returns it. */
  async function createAnnotation(fields: Record<string, unknown> = {}, url = annotationsUrl) {
    const response = await inject({ method: 'POST', url, payload: await validAnnotation(fields) });
    expect(response.statusCode).toBe(201);
    return response.json();
  }

  const list = (query = '') => inject({ url: `${annotationsUrl}${query}` });
  const ids = async (query = '') => (await list(query)).json().data.map((row: { id: string }) => row.id);

  describe('POST /v1/annotations', () => {
    it('returns 201, a Location header and the annotation', async () => {
      const payload = await validAnnotation();

      const response = await inject({ method: 'POST', url: annotationsUrl, payload });

      expect(response.statusCode).toBe(201);
      const annotation = response.json();
      expect(response.headers.location).toBe(`${annotationsUrl}/${annotation.id}`);
      expect(response.headers.etag).toBe('"1"');
      expect(annotation).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        ...payload,
        version: 1,
        createdAt: expect.stringMatching(isoDateTime),
        updatedAt: annotation.createdAt,
      });
    });

    it('keeps every field it is given', async () => {
      const note = await postNote();
      const payload = await validAnnotation({ body: 'B body', noteId: note.id });

      const response = await inject({ method: 'POST', url: annotationsUrl, payload });

      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ ...payload });
      expect((await inject({ url: `${annotationsUrl}/${response.json().id}` })).json()).toEqual(response.json());
    });

    it('returns 400 listing an unknown field', async () => {
      const response = await inject({
        method: 'POST',
        url: annotationsUrl,
        payload: await validAnnotation({ unknownField: 'x' }),
      });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path: 'body', message: 'Unrecognized key: "unknownField"' }]);
    });

    it.each([
      ['a missing body', { body: undefined }, 'body.body', /expected string, received undefined/],
      ['an empty body', { body: '' }, 'body.body', /Too small: expected string to have >=1 characters/],
      ['body as a number', { body: 42 }, 'body.body', /expected string, received number/],
      ['a missing note id', { noteId: undefined }, 'body.noteId', /expected string, received undefined/],
      ['a note id that is not a uuid', { noteId: '42' }, 'body.noteId', /Invalid UUID/],
    ])('returns 400 naming the field for %s', async (_, fields, path, message) => {
      const response = await inject({ method: 'POST', url: annotationsUrl, payload: await validAnnotation(fields) });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path, message: expect.stringMatching(message) }]);
    });

    it('returns 422 naming body.noteId when no note has that id, without naming the table', async () => {
      const response = await inject({
        method: 'POST',
        url: annotationsUrl,
        payload: await validAnnotation({ noteId: randomUUID() }),
      });

      expectProblem(response, 422);
      expect(response.json()).toMatchObject({
        detail: 'A referenced resource does not exist',
        errors: [{ path: 'body.noteId', message: 'does not exist' }],
      });
      expect(response.body).not.toMatch(/note_id/);
    });
  });

  describe('GET /v1/annotations/:id', () => {
    it('returns 200 and the annotation', async () => {
      const annotation = await createAnnotation();

      const response = await inject({ url: `${annotationsUrl}/${annotation.id}` });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(annotation);
    });

    it('returns 404 when no annotation has this id', async () => {
      const id = randomUUID();

      const response = await inject({ url: `${annotationsUrl}/${id}` });

      expectProblem(response, 404);
      expect(response.json().detail).toBe(`Annotation ${id} does not exist`);
    });

    it('returns 400 when the id is not a uuid', async () => {
      const response = await inject({ url: `${annotationsUrl}/42` });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path: 'params.id', message: 'Invalid UUID' }]);
    });
  });

  describe('GET /v1/annotations', () => {
    it('returns 200 with an empty page when there are no annotations', async () => {
      const response = await list();

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ data: [], total: 0, page: 1, limit: 20, totalPages: 0 });
    });

    it('returns 200 with { data, total, page, limit, totalPages }', async () => {
      const annotation = await createAnnotation();

      expect((await list()).json()).toEqual({ data: [annotation], total: 1, page: 1, limit: 20, totalPages: 1 });
    });

    it('returns the first 20, newest first, by default', async () => {
      const rows = [];
      for (let i = 0; i < 20; i++) rows.push(await createAnnotation());
      await new Promise((resolve) => setTimeout(resolve, 5)); // the newest's createdAt must not tie (same millisecond)
      rows.push(await createAnnotation());

      const body = (await list()).json();

      expect(body).toMatchObject({ total: 21, page: 1, limit: 20, totalPages: 2 });
      expect(body.data).toHaveLength(20);
      expect(body.data[0].id).toBe(rows[20].id);
    });

    it('casts page and limit from the query string', async () => {
      for (let i = 0; i < 5; i++) await createAnnotation();
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
      const first = await createAnnotation();
      await new Promise((resolve) => setTimeout(resolve, 5)); // so that the two createdAt cannot tie
      const second = await createAnnotation();

      expect(await ids()).toEqual([second.id, first.id]);
      expect(await ids('?sortBy=createdAt&sortOrder=asc')).toEqual([first.id, second.id]);
      expect(await ids('?sortBy=updatedAt&sortOrder=desc')).toEqual([second.id, first.id]);
    });

    it('returns 400 for a sortBy that is not allow-listed, or a sortOrder that is neither asc nor desc', async () => {
      const notListed = await list('?sortBy=body');

      expectProblem(notListed, 400);
      expect(notListed.json().errors).toEqual([{ path: 'query.sortBy', message: expect.any(String) }]);
      expectProblem(await list('?sortBy=id;DROP TABLE annotations'), 400);
      expectProblem(await list('?sortOrder=sideways'), 400);
    });

    it('filters by body: equal, contains', async () => {
      const matching = await createAnnotation({ body: 'A body' });
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list('?body=B%20body')).json()).toMatchObject({ total: 0, data: [] });
      await createAnnotation({ body: 'B body' });
      await createAnnotation({ body: 'C body' });

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

    it('filters by note id', async () => {
      const target = await postNote();
      await createAnnotation();
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list(`?noteId=${target.id}`)).json()).toMatchObject({ total: 0, data: [] });
      const matching = await createAnnotation({ noteId: target.id });

      expect(await ids(`?noteId=${target.id}`)).toEqual([matching.id]);

      // A value the field's rules refuse is a 400 naming the parameter.
      const refused = await list('?noteId=42');
      expectProblem(refused, 400);
      expect(refused.json().errors).toEqual([{ path: 'query.noteId', message: expect.any(String) }]);
    });

    it('returns 400 for an unknown query parameter, such as a misspelt filter, or an unknown operator', async () => {
      const response = await list('?unknownField=1');

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path: 'query', message: 'Unrecognized key: "unknownField"' }]);
      const unknownOperator = await list('?body[foo]=1');
      expectProblem(unknownOperator, 400);
      expect(unknownOperator.json().errors).toEqual([{ path: 'query', message: 'Unrecognized key: "body[foo]"' }]);
    });
  });

  describe('PUT /v1/annotations/:id', () => {
    it('replaces the whole annotation', async () => {
      const annotation = await createAnnotation();
      const payload = await replacementAnnotation();

      const response = await inject({ method: 'PUT', url: `${annotationsUrl}/${annotation.id}`, payload });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        ...annotation,
        ...payload,
        version: annotation.version + 1,
        updatedAt: expect.stringMatching(isoDateTime),
      });
    });

    it('returns 400 naming every required field that is missing, even one with a default on create', async () => {
      const annotation = await createAnnotation();

      const response = await inject({ method: 'PUT', url: `${annotationsUrl}/${annotation.id}`, payload: {} });

      expectProblem(response, 400);
      expect(response.json().errors.map((error: { path: string }) => error.path)).toEqual(['body.body', 'body.noteId']);
    });

    it('returns 404 when no annotation has this id', async () => {
      const response = await inject({
        method: 'PUT',
        url: `${annotationsUrl}/${randomUUID()}`,
        payload: await replacementAnnotation(),
      });

      expectProblem(response, 404);
    });

    it('returns 422 naming body.noteId when no note has that id', async () => {
      const annotation = await createAnnotation();

      const response = await inject({
        method: 'PUT',
        url: `${annotationsUrl}/${annotation.id}`,
        payload: { ...(await replacementAnnotation()), noteId: randomUUID() },
      });

      expectProblem(response, 422);
      expect(response.json().errors).toEqual([{ path: 'body.noteId', message: 'does not exist' }]);
    });
  });

  describe('PATCH /v1/annotations/:id', () => {
    it('changes the given fields only', async () => {
      const annotation = await createAnnotation();
      const changes = { body: (await replacementAnnotation()).body };

      const response = await inject({ method: 'PATCH', url: `${annotationsUrl}/${annotation.id}`, payload: changes });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        ...annotation,
        ...changes,
        version: annotation.version + 1,
        updatedAt: expect.stringMatching(isoDateTime),
      });
    });

    it('moves updatedAt forward (the database trigger), and leaves createdAt', async () => {
      const annotation = await createAnnotation();
      await new Promise((resolve) => setTimeout(resolve, 5));

      const response = await inject({
        method: 'PATCH',
        url: `${annotationsUrl}/${annotation.id}`,
        payload: { body: (await replacementAnnotation()).body },
      });

      const updated = response.json();
      expect(updated.createdAt).toBe(annotation.createdAt);
      expect(updated.updatedAt).toMatch(isoDateTime);
      expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(annotation.updatedAt));
    });

    it('returns 400 for an empty body', async () => {
      const annotation = await createAnnotation();

      const response = await inject({ method: 'PATCH', url: `${annotationsUrl}/${annotation.id}`, payload: {} });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path: 'body', message: 'Expected at least one field to change' }]);
    });

    it('returns 400 for a field that breaks its rule', async () => {
      const annotation = await createAnnotation();

      const response = await inject({
        method: 'PATCH',
        url: `${annotationsUrl}/${annotation.id}`,
        payload: { body: '' },
      });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([
        { path: 'body.body', message: expect.stringMatching(/Too small: expected string to have >=1 characters/) },
      ]);
    });

    it('returns 404 when no annotation has this id', async () => {
      const response = await inject({
        method: 'PATCH',
        url: `${annotationsUrl}/${randomUUID()}`,
        payload: { body: (await replacementAnnotation()).body },
      });

      expectProblem(response, 404);
    });

    it('returns 422 naming body.noteId when no note has that id', async () => {
      const annotation = await createAnnotation();

      const response = await inject({
        method: 'PATCH',
        url: `${annotationsUrl}/${annotation.id}`,
        payload: { noteId: randomUUID() },
      });

      expectProblem(response, 422);
      expect(response.json().errors).toEqual([{ path: 'body.noteId', message: 'does not exist' }]);
    });
  });

  describe('DELETE /v1/annotations/:id', () => {
    it('returns 204, then 404 for the same annotation', async () => {
      const annotation = await createAnnotation();

      const first = await inject({ method: 'DELETE', url: `${annotationsUrl}/${annotation.id}` });
      const second = await inject({ method: 'DELETE', url: `${annotationsUrl}/${annotation.id}` });

      expect(first.statusCode).toBe(204);
      expect(first.body).toBe('');
      expectProblem(second, 404);
      expectProblem(await inject({ url: `${annotationsUrl}/${annotation.id}` }), 404);
    });
  });

  describe('conditional requests (ETag, If-None-Match, If-Match)', () => {
    it('GET sends the version as ETag, with Cache-Control: private, no-cache; If-None-Match with it is 304', async () => {
      const annotation = await createAnnotation();
      const url = `${annotationsUrl}/${annotation.id}`;

      const first = await inject({ url });
      const again = await inject({ url, headers: { 'if-none-match': first.headers.etag } });

      expect(first.headers.etag).toBe(`"${annotation.version}"`);
      expect(first.headers['cache-control']).toBe('private, no-cache');
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers.etag).toBe(first.headers.etag);
    });

    it('GET with an ETag from before a change answers 200 with the new version', async () => {
      const annotation = await createAnnotation();
      const url = `${annotationsUrl}/${annotation.id}`;
      const { etag } = (await inject({ url })).headers;
      await inject({ method: 'PATCH', url, payload: { body: (await replacementAnnotation()).body } });

      const response = await inject({ url, headers: { 'if-none-match': etag } });

      expect(response.statusCode).toBe(200);
      expect(response.headers.etag).toBe(`"${annotation.version + 1}"`);
    });

    it('PUT, PATCH and DELETE with a stale If-Match answer 412 and change nothing', async () => {
      const annotation = await createAnnotation();
      const url = `${annotationsUrl}/${annotation.id}`;
      const stale = `"${annotation.version}"`;
      const changed = await inject({
        method: 'PATCH',
        url,
        payload: { body: (await replacementAnnotation()).body },
        headers: { 'if-match': stale },
      });
      expect(changed.statusCode).toBe(200);
      expect(changed.headers.etag).toBe(`"${annotation.version + 1}"`);

      const writes = [
        { method: 'PUT', payload: await replacementAnnotation() },
        { method: 'PATCH', payload: { body: (await replacementAnnotation()).body } },
        { method: 'DELETE' },
      ] as const;
      for (const write of writes) {
        const response = await inject({ ...write, url, headers: { 'if-match': stale } });

        expectProblem(response, 412);
        expect(response.json().detail).toBe(
          `Annotation ${annotation.id} has changed since it was read: get it again for its ETag`,
        );
      }
      expect((await inject({ url })).json()).toEqual(changed.json());
    });

    it('PUT, PATCH and DELETE with the current If-Match (or *) go through', async () => {
      const annotation = await createAnnotation();
      const url = `${annotationsUrl}/${annotation.id}`;

      const replaced = await inject({
        method: 'PUT',
        url,
        payload: await replacementAnnotation(),
        headers: { 'if-match': '"1"' },
      });
      const updated = await inject({
        method: 'PATCH',
        url,
        payload: { body: (await replacementAnnotation()).body },
        headers: { 'if-match': '"1", "2"' },
      });
      const deleted = await inject({ method: 'DELETE', url, headers: { 'if-match': '*' } });

      expect([replaced.statusCode, updated.statusCode, deleted.statusCode]).toEqual([200, 200, 204]);
      expect(updated.headers.etag).toBe('"3"');
    });

    it('of two writes with the same If-Match at once, one succeeds and the other gets 412: no lost update', async () => {
      const annotation = await createAnnotation();
      const url = `${annotationsUrl}/${annotation.id}`;
      const write = async () =>
        inject({
          method: 'PATCH',
          url,
          payload: { body: (await replacementAnnotation()).body },
          headers: { 'if-match': '"1"' },
        });

      const responses = await Promise.all([write(), write()]);

      expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 412]);
    });

    it('a weak ETag never lets a write through (If-Match compares strongly)', async () => {
      const annotation = await createAnnotation();

      const response = await inject({
        method: 'DELETE',
        url: `${annotationsUrl}/${annotation.id}`,
        headers: { 'if-match': 'W/"1"' },
      });

      expectProblem(response, 412);
    });

    it('returns 404, not 412, with If-Match when no annotation has this id', async () => {
      const response = await inject({
        method: 'DELETE',
        url: `${annotationsUrl}/${randomUUID()}`,
        headers: { 'if-match': '"1"' },
      });

      expectProblem(response, 404);
    });

    it('lists and errors say Cache-Control: no-store', async () => {
      const list = await inject({ url: annotationsUrl });
      const missing = await inject({ url: `${annotationsUrl}/${randomUUID()}` });

      expect(list.headers['cache-control']).toBe('no-store');
      expect(missing.headers['cache-control']).toBe('no-store');
    });
  });

  describe('deleting a note it refers to as note', () => {
    it('deletes the annotations that refer to it (ON DELETE CASCADE)', async () => {
      const note = await postNote();
      const annotation = await createAnnotation({ noteId: note.id });

      expect((await inject({ method: 'DELETE', url: note.url })).statusCode).toBe(204);

      expectProblem(await inject({ url: `${annotationsUrl}/${annotation.id}` }), 404);
    });
  });

  describe('references to rows that belong to users', () => {
    it("returns 422 naming body.noteId for another user's note, as for one that does not exist", async () => {
      const strangersNote = await postNote(await signIn(app));
      const annotation = await createAnnotation();
      const url = `${annotationsUrl}/${annotation.id}`;

      const responses = [
        await inject({
          method: 'POST',
          url: annotationsUrl,
          payload: await validAnnotation({ noteId: strangersNote.id }),
        }),
        await inject({ method: 'PUT', url, payload: { ...(await replacementAnnotation()), noteId: strangersNote.id } }),
        await inject({ method: 'PATCH', url, payload: { noteId: strangersNote.id } }),
      ];

      for (const response of responses) {
        expectProblem(response, 422);
        expect(response.json().errors).toEqual([{ path: 'body.noteId', message: 'does not exist' }]);
      }
    });

    it("lets an admin, who holds notes:all, point at every user's notes", async () => {
      const callersNote = await postNote();
      const admin = await signIn(app, 'admin');

      const response = await inject(
        { method: 'POST', url: annotationsUrl, payload: await validAnnotation({ noteId: callersNote.id }) },
        admin,
      );

      expect(response.statusCode).toBe(201);
    });
  });

  it('documents its routes in the OpenAPI document, errors as problem+json', async () => {
    const { paths } = (await inject({ url: '/docs/json' })).json();
    const collection = paths['/v1/annotations'];
    const one = paths['/v1/annotations/{id}'];

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
      body: expect.any(String),
      'body[contains]': expect.any(String),
    });
  });
});
