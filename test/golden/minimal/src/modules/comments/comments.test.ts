import { randomUUID } from 'node:crypto';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { buildTestApp, expectProblem, getTestDatabase, resetDatabase } from '../../../test/helpers.js';
import type { App } from '../../app.js';

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A row made through the API for a test: its id, and its URL (the Location header of its POST). */
interface Created {
  id: string;
  url: string;
}

describe('comments', () => {
  let app: App;
  let createdProjects = 0;
  const commentsUrl = '/v1/comments';

  beforeEach(async () => {
    await resetDatabase(await getTestDatabase());
    app = await buildTestApp();
  });
  afterEach(() => app.close());

  /** POSTs a valid body, checks that it was created, and returns the row's id and URL. */
  async function post(url: string, payload: object): Promise<Created> {
    const response = await app.inject({ method: 'POST', url, payload });
    expect(response.statusCode).toBe(201);
    return { id: response.json().id, url: response.headers.location as string };
  }

  /** Makes a task (in a new project) through the API, with the fields it requires. */
  async function postTask(): Promise<Created> {
    const parent = await postProject();
    return post(`/v1/projects/${parent.id}/tasks`, { title: 'A title' });
  }

  /** Makes a project through the API, with the fields it requires. */
  async function postProject(): Promise<Created> {
    const n = ++createdProjects;
    return post('/v1/projects', { name: `Name ${n}` });
  }

  /** A valid POST body; `fields` override or add to it. */
  async function validComment(fields: Record<string, unknown> = {}) {
    return { body: 'A body', taskId: fields.taskId ?? (await postTask()).id, ...fields };
  }

  /** A valid PUT body: every field but the optional ones, with other values than validComment's. */
  async function replacementComment() {
    return { body: 'B body', taskId: (await postTask()).id };
  }

  /** Creates a comment through the API, and returns it. */
  async function createComment(fields: Record<string, unknown> = {}, url = commentsUrl) {
    const response = await app.inject({ method: 'POST', url, payload: await validComment(fields) });
    expect(response.statusCode).toBe(201);
    return response.json();
  }

  const list = (query = '') => app.inject({ url: `${commentsUrl}${query}` });
  const ids = async (query = '') => (await list(query)).json().data.map((row: { id: string }) => row.id);

  describe('POST /v1/comments', () => {
    it('returns 201, a Location header and the comment', async () => {
      const payload = await validComment();

      const response = await app.inject({ method: 'POST', url: commentsUrl, payload });

      expect(response.statusCode).toBe(201);
      const comment = response.json();
      expect(response.headers.location).toBe(`${commentsUrl}/${comment.id}`);
      expect(response.headers.etag).toBe('"1"');
      expect(comment).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        ...payload,
        version: 1,
        createdAt: expect.stringMatching(isoDateTime),
        updatedAt: comment.createdAt,
      });
    });

    it('keeps every field it is given', async () => {
      const task = await postTask();
      const payload = await validComment({ body: 'B body', taskId: task.id });

      const response = await app.inject({ method: 'POST', url: commentsUrl, payload });

      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ ...payload });
      expect((await app.inject({ url: `${commentsUrl}/${response.json().id}` })).json()).toEqual(response.json());
    });

    it('returns 400 listing an unknown field', async () => {
      const response = await app.inject({
        method: 'POST',
        url: commentsUrl,
        payload: await validComment({ unknownField: 'x' }),
      });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path: 'body', message: 'Unrecognized key: "unknownField"' }]);
    });

    it.each([
      ['a missing body', { body: undefined }, 'body.body', /expected string, received undefined/],
      ['an empty body', { body: '' }, 'body.body', /Too small: expected string to have >=1 characters/],
      ['body as a number', { body: 42 }, 'body.body', /expected string, received number/],
      ['a missing task id', { taskId: undefined }, 'body.taskId', /expected string, received undefined/],
      ['a task id that is not a uuid', { taskId: '42' }, 'body.taskId', /Invalid UUID/],
    ])('returns 400 naming the field for %s', async (_, fields, path, message) => {
      const response = await app.inject({ method: 'POST', url: commentsUrl, payload: await validComment(fields) });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path, message: expect.stringMatching(message) }]);
    });

    it('returns 422 naming body.taskId when no task has that id, without naming the table', async () => {
      const response = await app.inject({
        method: 'POST',
        url: commentsUrl,
        payload: await validComment({ taskId: randomUUID() }),
      });

      expectProblem(response, 422);
      expect(response.json()).toMatchObject({
        detail: 'A referenced resource does not exist',
        errors: [{ path: 'body.taskId', message: 'does not exist' }],
      });
      expect(response.body).not.toMatch(/task_id/);
    });
  });

  describe('GET /v1/comments/:id', () => {
    it('returns 200 and the comment', async () => {
      const comment = await createComment();

      const response = await app.inject({ url: `${commentsUrl}/${comment.id}` });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(comment);
    });

    it('returns 404 when no comment has this id', async () => {
      const id = randomUUID();

      const response = await app.inject({ url: `${commentsUrl}/${id}` });

      expectProblem(response, 404);
      expect(response.json().detail).toBe(`Comment ${id} does not exist`);
    });

    it('returns 400 when the id is not a uuid', async () => {
      const response = await app.inject({ url: `${commentsUrl}/42` });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path: 'params.id', message: 'Invalid UUID' }]);
    });
  });

  describe('GET /v1/comments', () => {
    it('returns 200 with an empty page when there are no comments', async () => {
      const response = await list();

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ data: [], total: 0, page: 1, limit: 20, totalPages: 0 });
    });

    it('returns 200 with { data, total, page, limit, totalPages }', async () => {
      const comment = await createComment();

      expect((await list()).json()).toEqual({ data: [comment], total: 1, page: 1, limit: 20, totalPages: 1 });
    });

    it('returns the first 20, newest first, by default', async () => {
      const rows = [];
      for (let i = 0; i < 20; i++) rows.push(await createComment());
      await new Promise((resolve) => setTimeout(resolve, 5)); // the newest's createdAt must not tie (same millisecond)
      rows.push(await createComment());

      const body = (await list()).json();

      expect(body).toMatchObject({ total: 21, page: 1, limit: 20, totalPages: 2 });
      expect(body.data).toHaveLength(20);
      expect(body.data[0].id).toBe(rows[20].id);
    });

    it('casts page and limit from the query string', async () => {
      for (let i = 0; i < 5; i++) await createComment();
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
      const first = await createComment();
      await new Promise((resolve) => setTimeout(resolve, 5)); // so that the two createdAt cannot tie
      const second = await createComment();

      expect(await ids()).toEqual([second.id, first.id]);
      expect(await ids('?sortBy=createdAt&sortOrder=asc')).toEqual([first.id, second.id]);
      expect(await ids('?sortBy=updatedAt&sortOrder=desc')).toEqual([second.id, first.id]);
    });

    it('returns 400 for a sortBy that is not allow-listed, or a sortOrder that is neither asc nor desc', async () => {
      const notListed = await list('?sortBy=body');

      expectProblem(notListed, 400);
      expect(notListed.json().errors).toEqual([{ path: 'query.sortBy', message: expect.any(String) }]);
      expectProblem(await list('?sortBy=id;DROP TABLE comments'), 400);
      expectProblem(await list('?sortOrder=sideways'), 400);
    });

    it('filters by body: equal, contains', async () => {
      const matching = await createComment({ body: 'A body' });
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list('?body=B%20body')).json()).toMatchObject({ total: 0, data: [] });
      await createComment({ body: 'B body' });
      await createComment({ body: 'C body' });

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

    it('filters by task id', async () => {
      const target = await postTask();
      await createComment();
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list(`?taskId=${target.id}`)).json()).toMatchObject({ total: 0, data: [] });
      const matching = await createComment({ taskId: target.id });

      expect(await ids(`?taskId=${target.id}`)).toEqual([matching.id]);

      // A value the field's rules refuse is a 400 naming the parameter.
      const refused = await list('?taskId=42');
      expectProblem(refused, 400);
      expect(refused.json().errors).toEqual([{ path: 'query.taskId', message: expect.any(String) }]);
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

  describe('PUT /v1/comments/:id', () => {
    it('replaces the whole comment', async () => {
      const comment = await createComment();
      const payload = await replacementComment();

      const response = await app.inject({ method: 'PUT', url: `${commentsUrl}/${comment.id}`, payload });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        ...comment,
        ...payload,
        version: comment.version + 1,
        updatedAt: expect.stringMatching(isoDateTime),
      });
    });

    it('returns 400 naming every required field that is missing, even one with a default on create', async () => {
      const comment = await createComment();

      const response = await app.inject({ method: 'PUT', url: `${commentsUrl}/${comment.id}`, payload: {} });

      expectProblem(response, 400);
      expect(response.json().errors.map((error: { path: string }) => error.path)).toEqual(['body.body', 'body.taskId']);
    });

    it('returns 404 when no comment has this id', async () => {
      const response = await app.inject({
        method: 'PUT',
        url: `${commentsUrl}/${randomUUID()}`,
        payload: await replacementComment(),
      });

      expectProblem(response, 404);
    });

    it('returns 422 naming body.taskId when no task has that id', async () => {
      const comment = await createComment();

      const response = await app.inject({
        method: 'PUT',
        url: `${commentsUrl}/${comment.id}`,
        payload: { ...(await replacementComment()), taskId: randomUUID() },
      });

      expectProblem(response, 422);
      expect(response.json().errors).toEqual([{ path: 'body.taskId', message: 'does not exist' }]);
    });
  });

  describe('PATCH /v1/comments/:id', () => {
    it('changes the given fields only', async () => {
      const comment = await createComment();
      const changes = { body: (await replacementComment()).body };

      const response = await app.inject({ method: 'PATCH', url: `${commentsUrl}/${comment.id}`, payload: changes });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        ...comment,
        ...changes,
        version: comment.version + 1,
        updatedAt: expect.stringMatching(isoDateTime),
      });
    });

    it('moves updatedAt forward (the database trigger), and leaves createdAt', async () => {
      const comment = await createComment();
      await new Promise((resolve) => setTimeout(resolve, 5));

      const response = await app.inject({
        method: 'PATCH',
        url: `${commentsUrl}/${comment.id}`,
        payload: { body: (await replacementComment()).body },
      });

      const updated = response.json();
      expect(updated.createdAt).toBe(comment.createdAt);
      expect(updated.updatedAt).toMatch(isoDateTime);
      expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(comment.updatedAt));
    });

    it('returns 400 for an empty body', async () => {
      const comment = await createComment();

      const response = await app.inject({ method: 'PATCH', url: `${commentsUrl}/${comment.id}`, payload: {} });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path: 'body', message: 'Expected at least one field to change' }]);
    });

    it('returns 400 for a field that breaks its rule', async () => {
      const comment = await createComment();

      const response = await app.inject({
        method: 'PATCH',
        url: `${commentsUrl}/${comment.id}`,
        payload: { body: '' },
      });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([
        { path: 'body.body', message: expect.stringMatching(/Too small: expected string to have >=1 characters/) },
      ]);
    });

    it('returns 404 when no comment has this id', async () => {
      const response = await app.inject({
        method: 'PATCH',
        url: `${commentsUrl}/${randomUUID()}`,
        payload: { body: (await replacementComment()).body },
      });

      expectProblem(response, 404);
    });

    it('returns 422 naming body.taskId when no task has that id', async () => {
      const comment = await createComment();

      const response = await app.inject({
        method: 'PATCH',
        url: `${commentsUrl}/${comment.id}`,
        payload: { taskId: randomUUID() },
      });

      expectProblem(response, 422);
      expect(response.json().errors).toEqual([{ path: 'body.taskId', message: 'does not exist' }]);
    });
  });

  describe('DELETE /v1/comments/:id', () => {
    it('returns 204, then 404 for the same comment', async () => {
      const comment = await createComment();

      const first = await app.inject({ method: 'DELETE', url: `${commentsUrl}/${comment.id}` });
      const second = await app.inject({ method: 'DELETE', url: `${commentsUrl}/${comment.id}` });

      expect(first.statusCode).toBe(204);
      expect(first.body).toBe('');
      expectProblem(second, 404);
      expectProblem(await app.inject({ url: `${commentsUrl}/${comment.id}` }), 404);
    });
  });

  describe('conditional requests (ETag, If-None-Match, If-Match)', () => {
    it('GET sends the version as ETag, with Cache-Control: private, no-cache; If-None-Match with it is 304', async () => {
      const comment = await createComment();
      const url = `${commentsUrl}/${comment.id}`;

      const first = await app.inject({ url });
      const again = await app.inject({ url, headers: { 'if-none-match': first.headers.etag } });

      expect(first.headers.etag).toBe(`"${comment.version}"`);
      expect(first.headers['cache-control']).toBe('private, no-cache');
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers.etag).toBe(first.headers.etag);
    });

    it('GET with an ETag from before a change answers 200 with the new version', async () => {
      const comment = await createComment();
      const url = `${commentsUrl}/${comment.id}`;
      const { etag } = (await app.inject({ url })).headers;
      await app.inject({ method: 'PATCH', url, payload: { body: (await replacementComment()).body } });

      const response = await app.inject({ url, headers: { 'if-none-match': etag } });

      expect(response.statusCode).toBe(200);
      expect(response.headers.etag).toBe(`"${comment.version + 1}"`);
    });

    it('PUT, PATCH and DELETE with a stale If-Match answer 412 and change nothing', async () => {
      const comment = await createComment();
      const url = `${commentsUrl}/${comment.id}`;
      const stale = `"${comment.version}"`;
      const changed = await app.inject({
        method: 'PATCH',
        url,
        payload: { body: (await replacementComment()).body },
        headers: { 'if-match': stale },
      });
      expect(changed.statusCode).toBe(200);
      expect(changed.headers.etag).toBe(`"${comment.version + 1}"`);

      const writes = [
        { method: 'PUT', payload: await replacementComment() },
        { method: 'PATCH', payload: { body: (await replacementComment()).body } },
        { method: 'DELETE' },
      ] as const;
      for (const write of writes) {
        const response = await app.inject({ ...write, url, headers: { 'if-match': stale } });

        expectProblem(response, 412);
        expect(response.json().detail).toBe(
          `Comment ${comment.id} has changed since it was read: get it again for its ETag`,
        );
      }
      expect((await app.inject({ url })).json()).toEqual(changed.json());
    });

    it('PUT, PATCH and DELETE with the current If-Match (or *) go through', async () => {
      const comment = await createComment();
      const url = `${commentsUrl}/${comment.id}`;

      const replaced = await app.inject({
        method: 'PUT',
        url,
        payload: await replacementComment(),
        headers: { 'if-match': '"1"' },
      });
      const updated = await app.inject({
        method: 'PATCH',
        url,
        payload: { body: (await replacementComment()).body },
        headers: { 'if-match': '"1", "2"' },
      });
      const deleted = await app.inject({ method: 'DELETE', url, headers: { 'if-match': '*' } });

      expect([replaced.statusCode, updated.statusCode, deleted.statusCode]).toEqual([200, 200, 204]);
      expect(updated.headers.etag).toBe('"3"');
    });

    it('of two writes with the same If-Match at once, one succeeds and the other gets 412: no lost update', async () => {
      const comment = await createComment();
      const url = `${commentsUrl}/${comment.id}`;
      const write = async () =>
        app.inject({
          method: 'PATCH',
          url,
          payload: { body: (await replacementComment()).body },
          headers: { 'if-match': '"1"' },
        });

      const responses = await Promise.all([write(), write()]);

      expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 412]);
    });

    it('a weak ETag never lets a write through (If-Match compares strongly)', async () => {
      const comment = await createComment();

      const response = await app.inject({
        method: 'DELETE',
        url: `${commentsUrl}/${comment.id}`,
        headers: { 'if-match': 'W/"1"' },
      });

      expectProblem(response, 412);
    });

    it('returns 404, not 412, with If-Match when no comment has this id', async () => {
      const response = await app.inject({
        method: 'DELETE',
        url: `${commentsUrl}/${randomUUID()}`,
        headers: { 'if-match': '"1"' },
      });

      expectProblem(response, 404);
    });

    it('lists and errors say Cache-Control: no-store', async () => {
      const list = await app.inject({ url: commentsUrl });
      const missing = await app.inject({ url: `${commentsUrl}/${randomUUID()}` });

      expect(list.headers['cache-control']).toBe('no-store');
      expect(missing.headers['cache-control']).toBe('no-store');
    });
  });

  describe('deleting a task it refers to as task', () => {
    it('returns 409 while comments refer to it (ON DELETE RESTRICT), and 204 once they are gone', async () => {
      const task = await postTask();
      const comment = await createComment({ taskId: task.id });

      const refused = await app.inject({ method: 'DELETE', url: task.url });
      await app.inject({ method: 'DELETE', url: `${commentsUrl}/${comment.id}` });
      const accepted = await app.inject({ method: 'DELETE', url: task.url });

      expectProblem(refused, 409);
      expect(refused.json().detail).toBe('The resource is still referenced by other resources');
      expect(accepted.statusCode).toBe(204);
    });
  });

  it('documents its routes in the OpenAPI document, errors as problem+json', async () => {
    const { paths } = (await app.inject({ url: '/docs/json' })).json();
    const collection = paths['/v1/comments'];
    const one = paths['/v1/comments/{id}'];

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
