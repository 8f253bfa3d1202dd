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

describe('tasks', () => {
  let app: App;
  let createdProjects = 0;
  let project: Created;
  let tasksUrl: string;

  beforeEach(async () => {
    await resetDatabase(await getTestDatabase());
    app = await buildTestApp();
    project = await postProject();
    tasksUrl = `/v1/projects/${project.id}/tasks`;
  });
  afterEach(() => app.close());

  /** POSTs a valid body, checks that it was created, and returns the row's id and URL. */
  async function post(url: string, payload: object): Promise<Created> {
    const response = await app.inject({ method: 'POST', url, payload });
    expect(response.statusCode).toBe(201);
    return { id: response.json().id, url: response.headers.location as string };
  }

  /** Makes a project through the API, with the fields it requires. */
  async function postProject(): Promise<Created> {
    const n = ++createdProjects;
    return post('/v1/projects', { name: `Name ${n}` });
  }

  /** A valid POST body; `fields` override or add to it. */
  async function validTask(fields: Record<string, unknown> = {}) {
    return { title: 'A title', ...fields };
  }

  /** A valid PUT body: every field but the optional ones, with other values than validTask's. */
  async function replacementTask() {
    return { title: 'B title', done: true, priority: 2 };
  }

  /** Creates a task through the API (in the test's project, unless `url` says otherwise), and returns it. */
  async function createTask(fields: Record<string, unknown> = {}, url = tasksUrl) {
    const response = await app.inject({ method: 'POST', url, payload: await validTask(fields) });
    expect(response.statusCode).toBe(201);
    return response.json();
  }

  const list = (query = '') => app.inject({ url: `${tasksUrl}${query}` });
  const ids = async (query = '') => (await list(query)).json().data.map((row: { id: string }) => row.id);

  describe('POST /v1/projects/:projectId/tasks', () => {
    it('returns 201, a Location header and the task, with defaults applied', async () => {
      const payload = await validTask();

      const response = await app.inject({ method: 'POST', url: tasksUrl, payload });

      expect(response.statusCode).toBe(201);
      const task = response.json();
      expect(response.headers.location).toBe(`${tasksUrl}/${task.id}`);
      expect(response.headers.etag).toBe('"1"');
      expect(task).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        ...payload,
        done: false,
        priority: 3,
        dueDate: null,
        projectId: project.id,
        version: 1,
        createdAt: expect.stringMatching(isoDateTime),
        updatedAt: task.createdAt,
      });
    });

    it('keeps every field it is given', async () => {
      const payload = await validTask({ title: 'B title', done: true, priority: 2, dueDate: '2026-05-01' });

      const response = await app.inject({ method: 'POST', url: tasksUrl, payload });

      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ ...payload });
      expect((await app.inject({ url: `${tasksUrl}/${response.json().id}` })).json()).toEqual(response.json());
    });

    it('returns 400 listing an unknown field', async () => {
      const response = await app.inject({
        method: 'POST',
        url: tasksUrl,
        payload: await validTask({ unknownField: 'x' }),
      });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path: 'body', message: 'Unrecognized key: "unknownField"' }]);
    });

    it.each([
      ['a missing title', { title: undefined }, 'body.title', /expected string, received undefined/],
      [
        'a title under 3 characters',
        { title: 'xx' },
        'body.title',
        /Too small: expected string to have >=3 characters/,
      ],
      [
        'a title over 200 characters',
        { title: 'x'.repeat(201) },
        'body.title',
        /Too big: expected string to have <=200 characters/,
      ],
      ['title as a number', { title: 42 }, 'body.title', /expected string, received number/],
      ['done as a string', { done: 'yes' }, 'body.done', /expected boolean, received string/],
      ['a priority that is not an integer', { priority: 2.5 }, 'body.priority', /expected int, received number/],
      ['priority as a string', { priority: '5' }, 'body.priority', /expected number, received string/],
      ['a priority below 1', { priority: 0 }, 'body.priority', /Too small: expected number to be >=1/],
      ['a priority above 5', { priority: 6 }, 'body.priority', /Too big: expected number to be <=5/],
      ['a due date with no such day', { dueDate: '2026-02-30' }, 'body.dueDate', /Invalid ISO date/],
      ['a due date in another format', { dueDate: '01/03/2026' }, 'body.dueDate', /Invalid ISO date/],
      ['a due date with a time', { dueDate: '2026-03-01T10:00:00Z' }, 'body.dueDate', /Invalid ISO date/],
    ])('returns 400 naming the field for %s', async (_, fields, path, message) => {
      const response = await app.inject({ method: 'POST', url: tasksUrl, payload: await validTask(fields) });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path, message: expect.stringMatching(message) }]);
    });
  });

  describe('GET /v1/projects/:projectId/tasks/:id', () => {
    it('returns 200 and the task', async () => {
      const task = await createTask();

      const response = await app.inject({ url: `${tasksUrl}/${task.id}` });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(task);
    });

    it('returns 404 when no task has this id', async () => {
      const id = randomUUID();

      const response = await app.inject({ url: `${tasksUrl}/${id}` });

      expectProblem(response, 404);
      expect(response.json().detail).toBe(`Task ${id} does not exist`);
    });

    it('returns 400 when the id is not a uuid', async () => {
      const response = await app.inject({ url: `${tasksUrl}/42` });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path: 'params.id', message: 'Invalid UUID' }]);
    });
  });

  describe('GET /v1/projects/:projectId/tasks', () => {
    it('returns 200 with an empty page when there are no tasks', async () => {
      const response = await list();

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ data: [], total: 0, page: 1, limit: 20, totalPages: 0 });
    });

    it('returns 200 with { data, total, page, limit, totalPages }', async () => {
      const task = await createTask();

      expect((await list()).json()).toEqual({ data: [task], total: 1, page: 1, limit: 20, totalPages: 1 });
    });

    it('returns the first 20, newest first, by default', async () => {
      const rows = [];
      for (let i = 0; i < 20; i++) rows.push(await createTask());
      await new Promise((resolve) => setTimeout(resolve, 5)); // the newest's createdAt must not tie (same millisecond)
      rows.push(await createTask());

      const body = (await list()).json();

      expect(body).toMatchObject({ total: 21, page: 1, limit: 20, totalPages: 2 });
      expect(body.data).toHaveLength(20);
      expect(body.data[0].id).toBe(rows[20].id);
    });

    it('casts page and limit from the query string', async () => {
      for (let i = 0; i < 5; i++) await createTask();
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
      const first = await createTask();
      await new Promise((resolve) => setTimeout(resolve, 5)); // so that the two createdAt cannot tie
      const second = await createTask();

      expect(await ids()).toEqual([second.id, first.id]);
      expect(await ids('?sortBy=createdAt&sortOrder=asc')).toEqual([first.id, second.id]);
      expect(await ids('?sortBy=updatedAt&sortOrder=desc')).toEqual([second.id, first.id]);
    });

    it('sorts by title in either order', async () => {
      const middle = await createTask({ title: 'B title' });
      const lowest = await createTask({ title: 'A title' });
      const highest = await createTask({ title: 'C title' });

      expect(await ids('?sortBy=title&sortOrder=asc')).toEqual([lowest.id, middle.id, highest.id]);
      expect(await ids('?sortBy=title&sortOrder=desc')).toEqual([highest.id, middle.id, lowest.id]);
    });

    it('sorts by priority in either order', async () => {
      const middle = await createTask({ priority: 2 });
      const lowest = await createTask({ priority: 1 });
      const highest = await createTask({ priority: 3 });

      expect(await ids('?sortBy=priority&sortOrder=asc')).toEqual([lowest.id, middle.id, highest.id]);
      expect(await ids('?sortBy=priority&sortOrder=desc')).toEqual([highest.id, middle.id, lowest.id]);
    });

    it('sorts by due date in either order', async () => {
      const middle = await createTask({ dueDate: '2026-05-01' });
      const lowest = await createTask({ dueDate: '2026-04-01' });
      const highest = await createTask({ dueDate: '2026-06-01' });

      expect(await ids('?sortBy=dueDate&sortOrder=asc')).toEqual([lowest.id, middle.id, highest.id]);
      expect(await ids('?sortBy=dueDate&sortOrder=desc')).toEqual([highest.id, middle.id, lowest.id]);
    });

    it('returns 400 for a sortBy that is not allow-listed, or a sortOrder that is neither asc nor desc', async () => {
      const notListed = await list('?sortBy=done');

      expectProblem(notListed, 400);
      expect(notListed.json().errors).toEqual([{ path: 'query.sortBy', message: expect.any(String) }]);
      expectProblem(await list('?sortBy=id;DROP TABLE tasks'), 400);
      expectProblem(await list('?sortOrder=sideways'), 400);
    });

    it('filters by title: equal, contains', async () => {
      const matching = await createTask({ title: 'A title' });
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list('?title=B%20title')).json()).toMatchObject({ total: 0, data: [] });
      await createTask({ title: 'B title' });
      await createTask({ title: 'C title' });

      expect(await ids('?title=A%20title')).toEqual([matching.id]);
      // Part of the text, in another case
      expect(await ids('?title[contains]=A%20T')).toEqual([matching.id]);
      // % and _ stand for themselves, not for any text
      expect(await ids('?title[contains]=%25')).toEqual([]);
      expect(await ids('?title[contains]=_')).toEqual([]);

      // A value the field's rules refuse is a 400 naming the parameter.
      const refused = await list(`?title=${'x'.repeat(201)}`);
      expectProblem(refused, 400);
      expect(refused.json().errors).toEqual([{ path: 'query.title', message: expect.any(String) }]);
    });

    it('filters by done: equal, cast from the query string', async () => {
      const matching = await createTask({ done: false });
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list('?done=true')).json()).toMatchObject({ total: 0, data: [] });
      await createTask({ done: true });

      expect(await ids('?done=false')).toEqual([matching.id]);

      // A value the field's rules refuse is a 400 naming the parameter.
      const refused = await list('?done=maybe');
      expectProblem(refused, 400);
      expect(refused.json().errors).toEqual([{ path: 'query.done', message: expect.any(String) }]);
    });

    it('filters by priority: equal, range, cast from the query string', async () => {
      const lowest = await createTask({ priority: 1 });
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list('?priority=2')).json()).toMatchObject({ total: 0, data: [] });
      const middle = await createTask({ priority: 2 });
      const highest = await createTask({ priority: 3 });

      expect(await ids('?priority=2')).toEqual([middle.id]);
      expect(await ids('?priority[gt]=1&priority[lt]=3')).toEqual([middle.id]);
      // Several rows in any order: made in one millisecond, they tie on createdAt, the default sort
      expect((await ids('?priority[gte]=2')).sort()).toEqual([highest.id, middle.id].sort());
      expect((await ids('?priority[lte]=2')).sort()).toEqual([middle.id, lowest.id].sort());

      // Values the field's rules refuse are a 400 naming the parameter.
      for (const { query, path } of [
        { query: '?priority=many', path: 'query.priority' },
        { query: '?priority[gte]=many', path: 'query.priority[gte]' },
      ]) {
        const refused = await list(query);
        expectProblem(refused, 400);
        expect(refused.json().errors).toEqual([{ path, message: expect.any(String) }]);
      }
    });

    it('filters by due date: equal, range', async () => {
      const lowest = await createTask({ dueDate: '2026-04-01' });
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list('?dueDate=2026-05-01')).json()).toMatchObject({ total: 0, data: [] });
      const middle = await createTask({ dueDate: '2026-05-01' });
      const highest = await createTask({ dueDate: '2026-06-01' });

      expect(await ids('?dueDate=2026-05-01')).toEqual([middle.id]);
      expect(await ids('?dueDate[gt]=2026-04-01&dueDate[lt]=2026-06-01')).toEqual([middle.id]);
      // Several rows in any order: made in one millisecond, they tie on createdAt, the default sort
      expect((await ids('?dueDate[gte]=2026-05-01')).sort()).toEqual([highest.id, middle.id].sort());
      expect((await ids('?dueDate[lte]=2026-05-01')).sort()).toEqual([middle.id, lowest.id].sort());

      // Values the field's rules refuse are a 400 naming the parameter.
      for (const { query, path } of [
        { query: '?dueDate=March', path: 'query.dueDate' },
        { query: '?dueDate[gte]=March', path: 'query.dueDate[gte]' },
      ]) {
        const refused = await list(query);
        expectProblem(refused, 400);
        expect(refused.json().errors).toEqual([{ path, message: expect.any(String) }]);
      }
    });

    it('combines filters, and counts only the rows that match them all', async () => {
      await createTask({ title: 'A title', done: false });
      await createTask({ title: 'A title', done: true });
      await createTask({ title: 'B title', done: false });

      expect((await list('?title=A%20title&done=false&limit=1')).json()).toMatchObject({ total: 1, totalPages: 1 });
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

  describe('PUT /v1/projects/:projectId/tasks/:id', () => {
    it('replaces the whole task: an optional field left out becomes null', async () => {
      const task = await createTask({ dueDate: '2026-05-01' });
      const payload = await replacementTask();

      const response = await app.inject({ method: 'PUT', url: `${tasksUrl}/${task.id}`, payload });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        ...task,
        ...payload,
        dueDate: null,
        version: task.version + 1,
        updatedAt: expect.stringMatching(isoDateTime),
      });
    });

    it('returns 400 naming every required field that is missing, even one with a default on create', async () => {
      const task = await createTask();

      const response = await app.inject({ method: 'PUT', url: `${tasksUrl}/${task.id}`, payload: {} });

      expectProblem(response, 400);
      expect(response.json().errors.map((error: { path: string }) => error.path)).toEqual([
        'body.title',
        'body.done',
        'body.priority',
      ]);
    });

    it('returns 404 when no task has this id', async () => {
      const response = await app.inject({
        method: 'PUT',
        url: `${tasksUrl}/${randomUUID()}`,
        payload: await replacementTask(),
      });

      expectProblem(response, 404);
    });
  });

  describe('PATCH /v1/projects/:projectId/tasks/:id', () => {
    it('changes the given fields only, and null clears an optional one', async () => {
      const task = await createTask({ dueDate: '2026-05-01' });
      const changes = { title: (await replacementTask()).title, dueDate: null };

      const response = await app.inject({ method: 'PATCH', url: `${tasksUrl}/${task.id}`, payload: changes });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        ...task,
        ...changes,
        version: task.version + 1,
        updatedAt: expect.stringMatching(isoDateTime),
      });
    });

    it('moves updatedAt forward (the database trigger), and leaves createdAt', async () => {
      const task = await createTask({ dueDate: '2026-05-01' });
      await new Promise((resolve) => setTimeout(resolve, 5));

      const response = await app.inject({
        method: 'PATCH',
        url: `${tasksUrl}/${task.id}`,
        payload: { title: (await replacementTask()).title, dueDate: null },
      });

      const updated = response.json();
      expect(updated.createdAt).toBe(task.createdAt);
      expect(updated.updatedAt).toMatch(isoDateTime);
      expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(task.updatedAt));
    });

    it('returns 400 for an empty body', async () => {
      const task = await createTask();

      const response = await app.inject({ method: 'PATCH', url: `${tasksUrl}/${task.id}`, payload: {} });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path: 'body', message: 'Expected at least one field to change' }]);
    });

    it('returns 400 for a field that breaks its rule', async () => {
      const task = await createTask();

      const response = await app.inject({
        method: 'PATCH',
        url: `${tasksUrl}/${task.id}`,
        payload: { title: 'xx' },
      });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([
        { path: 'body.title', message: expect.stringMatching(/Too small: expected string to have >=3 characters/) },
      ]);
    });

    it('returns 404 when no task has this id', async () => {
      const response = await app.inject({
        method: 'PATCH',
        url: `${tasksUrl}/${randomUUID()}`,
        payload: { title: (await replacementTask()).title, dueDate: null },
      });

      expectProblem(response, 404);
    });
  });

  describe('DELETE /v1/projects/:projectId/tasks/:id', () => {
    it('returns 204, then 404 for the same task', async () => {
      const task = await createTask();

      const first = await app.inject({ method: 'DELETE', url: `${tasksUrl}/${task.id}` });
      const second = await app.inject({ method: 'DELETE', url: `${tasksUrl}/${task.id}` });

      expect(first.statusCode).toBe(204);
      expect(first.body).toBe('');
      expectProblem(second, 404);
      expectProblem(await app.inject({ url: `${tasksUrl}/${task.id}` }), 404);
    });
  });

  describe('conditional requests (ETag, If-None-Match, If-Match)', () => {
    it('GET sends the version as ETag, with Cache-Control: private, no-cache; If-None-Match with it is 304', async () => {
      const task = await createTask();
      const url = `${tasksUrl}/${task.id}`;

      const first = await app.inject({ url });
      const again = await app.inject({ url, headers: { 'if-none-match': first.headers.etag } });

      expect(first.headers.etag).toBe(`"${task.version}"`);
      expect(first.headers['cache-control']).toBe('private, no-cache');
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers.etag).toBe(first.headers.etag);
    });

    it('GET with an ETag from before a change answers 200 with the new version', async () => {
      const task = await createTask();
      const url = `${tasksUrl}/${task.id}`;
      const { etag } = (await app.inject({ url })).headers;
      await app.inject({ method: 'PATCH', url, payload: { title: (await replacementTask()).title, dueDate: null } });

      const response = await app.inject({ url, headers: { 'if-none-match': etag } });

      expect(response.statusCode).toBe(200);
      expect(response.headers.etag).toBe(`"${task.version + 1}"`);
    });

    it('PUT, PATCH and DELETE with a stale If-Match answer 412 and change nothing', async () => {
      const task = await createTask();
      const url = `${tasksUrl}/${task.id}`;
      const stale = `"${task.version}"`;
      const changed = await app.inject({
        method: 'PATCH',
        url,
        payload: { title: (await replacementTask()).title, dueDate: null },
        headers: { 'if-match': stale },
      });
      expect(changed.statusCode).toBe(200);
      expect(changed.headers.etag).toBe(`"${task.version + 1}"`);

      const writes = [
        { method: 'PUT', payload: await replacementTask() },
        { method: 'PATCH', payload: { title: (await replacementTask()).title, dueDate: null } },
        { method: 'DELETE' },
      ] as const;
      for (const write of writes) {
        const response = await app.inject({ ...write, url, headers: { 'if-match': stale } });

        expectProblem(response, 412);
        expect(response.json().detail).toBe(`Task ${task.id} has changed since it was read: get it again for its ETag`);
      }
      expect((await app.inject({ url })).json()).toEqual(changed.json());
    });

    it('PUT, PATCH and DELETE with the current If-Match (or *) go through', async () => {
      const task = await createTask();
      const url = `${tasksUrl}/${task.id}`;

      const replaced = await app.inject({
        method: 'PUT',
        url,
        payload: await replacementTask(),
        headers: { 'if-match': '"1"' },
      });
      const updated = await app.inject({
        method: 'PATCH',
        url,
        payload: { title: (await replacementTask()).title, dueDate: null },
        headers: { 'if-match': '"1", "2"' },
      });
      const deleted = await app.inject({ method: 'DELETE', url, headers: { 'if-match': '*' } });

      expect([replaced.statusCode, updated.statusCode, deleted.statusCode]).toEqual([200, 200, 204]);
      expect(updated.headers.etag).toBe('"3"');
    });

    it('of two writes with the same If-Match at once, one succeeds and the other gets 412: no lost update', async () => {
      const task = await createTask();
      const url = `${tasksUrl}/${task.id}`;
      const write = async () =>
        app.inject({
          method: 'PATCH',
          url,
          payload: { title: (await replacementTask()).title, dueDate: null },
          headers: { 'if-match': '"1"' },
        });

      const responses = await Promise.all([write(), write()]);

      expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 412]);
    });

    it('a weak ETag never lets a write through (If-Match compares strongly)', async () => {
      const task = await createTask();

      const response = await app.inject({
        method: 'DELETE',
        url: `${tasksUrl}/${task.id}`,
        headers: { 'if-match': 'W/"1"' },
      });

      expectProblem(response, 412);
    });

    it('returns 404, not 412, with If-Match when no task has this id', async () => {
      const response = await app.inject({
        method: 'DELETE',
        url: `${tasksUrl}/${randomUUID()}`,
        headers: { 'if-match': '"1"' },
      });

      expectProblem(response, 404);
    });

    it('lists and errors say Cache-Control: no-store', async () => {
      const list = await app.inject({ url: tasksUrl });
      const missing = await app.inject({ url: `${tasksUrl}/${randomUUID()}` });

      expect(list.headers['cache-control']).toBe('no-store');
      expect(missing.headers['cache-control']).toBe('no-store');
    });
  });

  describe('inside a project', () => {
    it('returns 404 naming the project when it does not exist, on every route', async () => {
      const task = await createTask();
      const missing = randomUUID();
      const url = `/v1/projects/${missing}/tasks`;
      const detail = `Project ${missing} does not exist`;

      const responses = [
        await app.inject({ url }),
        await app.inject({ method: 'POST', url, payload: await validTask() }),
        await app.inject({ url: `${url}/${task.id}` }),
        await app.inject({ method: 'PUT', url: `${url}/${task.id}`, payload: await replacementTask() }),
        await app.inject({
          method: 'PATCH',
          url: `${url}/${task.id}`,
          payload: { title: (await replacementTask()).title, dueDate: null },
        }),
        await app.inject({ method: 'DELETE', url: `${url}/${task.id}` }),
      ];

      for (const response of responses) {
        expectProblem(response, 404);
        expect(response.json().detail).toBe(detail);
      }
      expect((await app.inject({ url: `${tasksUrl}/${task.id}` })).json()).toEqual(task);
    });

    it('returns 404 for a task of another project, on every route', async () => {
      const other = await postProject();
      const task = await createTask({}, `/v1/projects/${other.id}/tasks`);
      const url = `${tasksUrl}/${task.id}`;

      expectProblem(await app.inject({ url }), 404);
      expectProblem(await app.inject({ method: 'PUT', url, payload: await replacementTask() }), 404);
      expectProblem(
        await app.inject({ method: 'PATCH', url, payload: { title: (await replacementTask()).title, dueDate: null } }),
        404,
      );
      expectProblem(await app.inject({ method: 'DELETE', url }), 404);
    });

    it("lists and counts only this project's tasks", async () => {
      const other = await postProject();
      await createTask({}, `/v1/projects/${other.id}/tasks`);
      const task = await createTask();

      expect((await list()).json()).toMatchObject({ total: 1, data: [{ id: task.id }] });
    });

    it('returns 400 for projectId in the body: the project comes from the path', async () => {
      const response = await app.inject({
        method: 'POST',
        url: tasksUrl,
        payload: await validTask({ projectId: project.id }),
      });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path: 'body', message: 'Unrecognized key: "projectId"' }]);
    });

    it('returns 400 naming each path parameter that is not a uuid', async () => {
      const response = await app.inject({ url: '/v1/projects/1/tasks/2' });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([
        { path: 'params.projectId', message: 'Invalid UUID' },
        { path: 'params.id', message: 'Invalid UUID' },
      ]);
    });

    it("is deleted with its project (ON DELETE CASCADE), and no other project's", async () => {
      const other = await postProject();
      const kept = await createTask({}, `/v1/projects/${other.id}/tasks`);
      await createTask();

      expect((await app.inject({ method: 'DELETE', url: project.url })).statusCode).toBe(204);

      const { db } = await getTestDatabase();
      expect(await db.selectFrom('tasks').select('id').execute()).toEqual([{ id: kept.id }]);
    });
  });

  it('documents its routes in the OpenAPI document, errors as problem+json', async () => {
    const { paths } = (await app.inject({ url: '/docs/json' })).json();
    const collection = paths['/v1/projects/{projectId}/tasks'];
    const one = paths['/v1/projects/{projectId}/tasks/{id}'];

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
      'priority[gte]': expect.any(String),
      'title[contains]': expect.any(String),
    });
  });
});
