import { randomUUID } from 'node:crypto';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { buildTestApp, expectProblem, getTestDatabase, resetDatabase } from '../../../test/helpers.js';
import type { App } from '../../app.js';

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('projects', () => {
  let app: App;
  let created = 0;
  const projectsUrl = '/v1/projects';

  beforeEach(async () => {
    await resetDatabase(await getTestDatabase());
    app = await buildTestApp();
  });
  afterEach(() => app.close());

  /** A valid POST body, with values no other project has; `fields` override or add to it. */
  async function validProject(fields: Record<string, unknown> = {}) {
    const n = ++created;
    return { name: `Name ${n}`, ...fields };
  }

  /** A valid PUT body: every field but the optional ones, with other values than validProject's. */
  async function replacementProject() {
    const n = ++created;
    return { name: `Name ${n}`, status: 'archived' };
  }

  /** Creates a project through the API, and returns it. */
  async function createProject(fields: Record<string, unknown> = {}, url = projectsUrl) {
    const response = await app.inject({ method: 'POST', url, payload: await validProject(fields) });
    expect(response.statusCode).toBe(201);
    return response.json();
  }

  const list = (query = '') => app.inject({ url: `${projectsUrl}${query}` });
  const ids = async (query = '') => (await list(query)).json().data.map((row: { id: string }) => row.id);

  describe('POST /v1/projects', () => {
    it('returns 201, a Location header and the project, with defaults applied', async () => {
      const payload = await validProject();

      const response = await app.inject({ method: 'POST', url: projectsUrl, payload });

      expect(response.statusCode).toBe(201);
      const project = response.json();
      expect(response.headers.location).toBe(`${projectsUrl}/${project.id}`);
      expect(response.headers.etag).toBe('"1"');
      expect(project).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        ...payload,
        description: null,
        status: 'active',
        budget: null,
        version: 1,
        createdAt: expect.stringMatching(isoDateTime),
        updatedAt: project.createdAt,
      });
    });

    it('keeps every field it is given; a decimal comes back with its 2 decimal places', async () => {
      const payload = await validProject({ description: 'B description', status: 'archived', budget: '4' });

      const response = await app.inject({ method: 'POST', url: projectsUrl, payload });

      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ ...payload, budget: '4.00' });
      expect((await app.inject({ url: `${projectsUrl}/${response.json().id}` })).json()).toEqual(response.json());
    });

    it('returns 400 listing an unknown field', async () => {
      const response = await app.inject({
        method: 'POST',
        url: projectsUrl,
        payload: await validProject({ unknownField: 'x' }),
      });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path: 'body', message: 'Unrecognized key: "unknownField"' }]);
    });

    it.each([
      ['a missing name', { name: undefined }, 'body.name', /expected string, received undefined/],
      ['an empty name', { name: '' }, 'body.name', /Too small: expected string to have >=1 characters/],
      [
        'a name over 255 characters',
        { name: 'x'.repeat(256) },
        'body.name',
        /Too big: expected string to have <=255 characters/,
      ],
      ['name as a number', { name: 42 }, 'body.name', /expected string, received number/],
      [
        'an empty description',
        { description: '' },
        'body.description',
        /Too small: expected string to have >=1 characters/,
      ],
      ['description as a number', { description: 42 }, 'body.description', /expected string, received number/],
      [
        'a status not in the list',
        { status: '0' },
        'body.status',
        /Invalid option: expected one of "active"\|"archived"/,
      ],
      ['budget as a number', { budget: 1500 }, 'body.budget', /expected string, received number/],
      ['a budget with 3 decimal places', { budget: '0.005' }, 'body.budget', /decimal number/],
      ['a budget that is not a number', { budget: '12,50' }, 'body.budget', /decimal number/],
      ['a budget with 11 integer digits', { budget: '11111111111' }, 'body.budget', /decimal number/],
    ])('returns 400 naming the field for %s', async (_, fields, path, message) => {
      const response = await app.inject({ method: 'POST', url: projectsUrl, payload: await validProject(fields) });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path, message: expect.stringMatching(message) }]);
    });

    it('returns 409 when the name is taken, without naming the constraint', async () => {
      const existing = await createProject();

      const response = await app.inject({
        method: 'POST',
        url: projectsUrl,
        payload: await validProject({ name: existing.name }),
      });

      expectProblem(response, 409);
      expect(response.json().detail).toBe('A resource with the same unique value already exists');
    });
  });

  describe('GET /v1/projects/:id', () => {
    it('returns 200 and the project', async () => {
      const project = await createProject();

      const response = await app.inject({ url: `${projectsUrl}/${project.id}` });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(project);
    });

    it('returns 404 when no project has this id', async () => {
      const id = randomUUID();

      const response = await app.inject({ url: `${projectsUrl}/${id}` });

      expectProblem(response, 404);
      expect(response.json().detail).toBe(`Project ${id} does not exist`);
    });

    it('returns 400 when the id is not a uuid', async () => {
      const response = await app.inject({ url: `${projectsUrl}/42` });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path: 'params.id', message: 'Invalid UUID' }]);
    });
  });

  describe('GET /v1/projects', () => {
    it('returns 200 with an empty page when there are no projects', async () => {
      const response = await list();

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ data: [], total: 0, page: 1, limit: 20, totalPages: 0 });
    });

    it('returns 200 with { data, total, page, limit, totalPages }', async () => {
      const project = await createProject();

      expect((await list()).json()).toEqual({ data: [project], total: 1, page: 1, limit: 20, totalPages: 1 });
    });

    it('returns the first 20, newest first, by default', async () => {
      const rows = [];
      for (let i = 0; i < 20; i++) rows.push(await createProject());
      await new Promise((resolve) => setTimeout(resolve, 5)); // the newest's createdAt must not tie (same millisecond)
      rows.push(await createProject());

      const body = (await list()).json();

      expect(body).toMatchObject({ total: 21, page: 1, limit: 20, totalPages: 2 });
      expect(body.data).toHaveLength(20);
      expect(body.data[0].id).toBe(rows[20].id);
    });

    it('casts page and limit from the query string', async () => {
      for (let i = 0; i < 5; i++) await createProject();
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
      const first = await createProject();
      await new Promise((resolve) => setTimeout(resolve, 5)); // so that the two createdAt cannot tie
      const second = await createProject();

      expect(await ids()).toEqual([second.id, first.id]);
      expect(await ids('?sortBy=createdAt&sortOrder=asc')).toEqual([first.id, second.id]);
      expect(await ids('?sortBy=updatedAt&sortOrder=desc')).toEqual([second.id, first.id]);
    });

    it('sorts by name in either order', async () => {
      const middle = await createProject({ name: 'B name' });
      const lowest = await createProject({ name: 'A name' });
      const highest = await createProject({ name: 'C name' });

      expect(await ids('?sortBy=name&sortOrder=asc')).toEqual([lowest.id, middle.id, highest.id]);
      expect(await ids('?sortBy=name&sortOrder=desc')).toEqual([highest.id, middle.id, lowest.id]);
    });

    it('sorts by budget in either order', async () => {
      const middle = await createProject({ budget: '2.00' });
      const lowest = await createProject({ budget: '1.00' });
      const highest = await createProject({ budget: '3.00' });

      expect(await ids('?sortBy=budget&sortOrder=asc')).toEqual([lowest.id, middle.id, highest.id]);
      expect(await ids('?sortBy=budget&sortOrder=desc')).toEqual([highest.id, middle.id, lowest.id]);
    });

    it('returns 400 for a sortBy that is not allow-listed, or a sortOrder that is neither asc nor desc', async () => {
      const notListed = await list('?sortBy=description');

      expectProblem(notListed, 400);
      expect(notListed.json().errors).toEqual([{ path: 'query.sortBy', message: expect.any(String) }]);
      expectProblem(await list('?sortBy=id;DROP TABLE projects'), 400);
      expectProblem(await list('?sortOrder=sideways'), 400);
    });

    it('filters by name: equal, contains', async () => {
      const matching = await createProject({ name: 'A name' });
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list('?name=B%20name')).json()).toMatchObject({ total: 0, data: [] });
      await createProject({ name: 'B name' });
      await createProject({ name: 'C name' });

      expect(await ids('?name=A%20name')).toEqual([matching.id]);
      // Part of the text, in another case
      expect(await ids('?name[contains]=A%20N')).toEqual([matching.id]);
      // % and _ stand for themselves, not for any text
      expect(await ids('?name[contains]=%25')).toEqual([]);
      expect(await ids('?name[contains]=_')).toEqual([]);

      // A value the field's rules refuse is a 400 naming the parameter.
      const refused = await list(`?name=${'x'.repeat(256)}`);
      expectProblem(refused, 400);
      expect(refused.json().errors).toEqual([{ path: 'query.name', message: expect.any(String) }]);
    });

    it('filters by description: equal, contains', async () => {
      const matching = await createProject({ description: 'A description' });
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list('?description=B%20description')).json()).toMatchObject({ total: 0, data: [] });
      await createProject({ description: 'B description' });
      await createProject({ description: 'C description' });

      expect(await ids('?description=A%20description')).toEqual([matching.id]);
      // Part of the text, in another case
      expect(await ids('?description[contains]=A%20D')).toEqual([matching.id]);
      // % and _ stand for themselves, not for any text
      expect(await ids('?description[contains]=%25')).toEqual([]);
      expect(await ids('?description[contains]=_')).toEqual([]);

      // A value the field's rules refuse is a 400 naming the parameter.
      const refused = await list('?description=');
      expectProblem(refused, 400);
      expect(refused.json().errors).toEqual([{ path: 'query.description', message: expect.any(String) }]);
    });

    it('filters by status: equal, in a list', async () => {
      const matching = await createProject({ status: 'active' });
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list('?status=archived')).json()).toMatchObject({ total: 0, data: [] });
      const other = await createProject({ status: 'archived' });

      expect(await ids('?status=active')).toEqual([matching.id]);
      // Several rows in any order: made in one millisecond, they tie on createdAt, the default sort
      expect((await ids('?status[in]=active,archived')).sort()).toEqual([other.id, matching.id].sort());

      // Values the field's rules refuse are a 400 naming the parameter.
      for (const { query, path } of [
        { query: '?status=0', path: 'query.status' },
        { query: '?status[in]=active,0', path: 'query.status[in].1' },
      ]) {
        const refused = await list(query);
        expectProblem(refused, 400);
        expect(refused.json().errors).toEqual([{ path, message: expect.any(String) }]);
      }
    });

    it('filters by budget: equal, range', async () => {
      const lowest = await createProject({ budget: '1.00' });
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list('?budget=2.00')).json()).toMatchObject({ total: 0, data: [] });
      const middle = await createProject({ budget: '2.00' });
      const highest = await createProject({ budget: '3.00' });

      expect(await ids('?budget=2.00')).toEqual([middle.id]);
      expect(await ids('?budget[gt]=1.00&budget[lt]=3.00')).toEqual([middle.id]);
      // Several rows in any order: made in one millisecond, they tie on createdAt, the default sort
      expect((await ids('?budget[gte]=2.00')).sort()).toEqual([highest.id, middle.id].sort());
      expect((await ids('?budget[lte]=2.00')).sort()).toEqual([middle.id, lowest.id].sort());

      // Values the field's rules refuse are a 400 naming the parameter.
      for (const { query, path } of [
        { query: '?budget=many', path: 'query.budget' },
        { query: '?budget[gte]=many', path: 'query.budget[gte]' },
      ]) {
        const refused = await list(query);
        expectProblem(refused, 400);
        expect(refused.json().errors).toEqual([{ path, message: expect.any(String) }]);
      }
    });

    it('combines filters, and counts only the rows that match them all', async () => {
      await createProject({ description: 'A description', status: 'active' });
      await createProject({ description: 'A description', status: 'archived' });
      await createProject({ description: 'B description', status: 'active' });

      expect((await list('?description=A%20description&status=active&limit=1')).json()).toMatchObject({
        total: 1,
        totalPages: 1,
      });
    });

    it('returns 400 for an unknown query parameter, such as a misspelt filter, or an unknown operator', async () => {
      const response = await list('?unknownField=1');

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path: 'query', message: 'Unrecognized key: "unknownField"' }]);
      const unknownOperator = await list('?name[foo]=1');
      expectProblem(unknownOperator, 400);
      expect(unknownOperator.json().errors).toEqual([{ path: 'query', message: 'Unrecognized key: "name[foo]"' }]);
    });
  });

  describe('PUT /v1/projects/:id', () => {
    it('replaces the whole project: an optional field left out becomes null', async () => {
      const project = await createProject({ description: 'B description', budget: '2.00' });
      const payload = await replacementProject();

      const response = await app.inject({ method: 'PUT', url: `${projectsUrl}/${project.id}`, payload });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        ...project,
        ...payload,
        description: null,
        budget: null,
        version: project.version + 1,
        updatedAt: expect.stringMatching(isoDateTime),
      });
    });

    it('returns 400 naming every required field that is missing, even one with a default on create', async () => {
      const project = await createProject();

      const response = await app.inject({ method: 'PUT', url: `${projectsUrl}/${project.id}`, payload: {} });

      expectProblem(response, 400);
      expect(response.json().errors.map((error: { path: string }) => error.path)).toEqual(['body.name', 'body.status']);
    });

    it('returns 404 when no project has this id', async () => {
      const response = await app.inject({
        method: 'PUT',
        url: `${projectsUrl}/${randomUUID()}`,
        payload: await replacementProject(),
      });

      expectProblem(response, 404);
    });

    it('returns 409 when the new name is taken', async () => {
      const taken = await createProject();
      const project = await createProject();

      const response = await app.inject({
        method: 'PUT',
        url: `${projectsUrl}/${project.id}`,
        payload: { ...(await replacementProject()), name: taken.name },
      });

      expectProblem(response, 409);
    });
  });

  describe('PATCH /v1/projects/:id', () => {
    it('changes the given fields only, and null clears an optional one', async () => {
      const project = await createProject({ description: 'B description', budget: '2.00' });
      const changes = { name: (await replacementProject()).name, description: null };

      const response = await app.inject({ method: 'PATCH', url: `${projectsUrl}/${project.id}`, payload: changes });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        ...project,
        ...changes,
        version: project.version + 1,
        updatedAt: expect.stringMatching(isoDateTime),
      });
    });

    it('moves updatedAt forward (the database trigger), and leaves createdAt', async () => {
      const project = await createProject({ description: 'B description', budget: '2.00' });
      await new Promise((resolve) => setTimeout(resolve, 5));

      const response = await app.inject({
        method: 'PATCH',
        url: `${projectsUrl}/${project.id}`,
        payload: { name: (await replacementProject()).name, description: null },
      });

      const updated = response.json();
      expect(updated.createdAt).toBe(project.createdAt);
      expect(updated.updatedAt).toMatch(isoDateTime);
      expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(project.updatedAt));
    });

    it('returns 400 for an empty body', async () => {
      const project = await createProject();

      const response = await app.inject({ method: 'PATCH', url: `${projectsUrl}/${project.id}`, payload: {} });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path: 'body', message: 'Expected at least one field to change' }]);
    });

    it('returns 400 for a field that breaks its rule', async () => {
      const project = await createProject();

      const response = await app.inject({
        method: 'PATCH',
        url: `${projectsUrl}/${project.id}`,
        payload: { name: '' },
      });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([
        { path: 'body.name', message: expect.stringMatching(/Too small: expected string to have >=1 characters/) },
      ]);
    });

    it('returns 404 when no project has this id', async () => {
      const response = await app.inject({
        method: 'PATCH',
        url: `${projectsUrl}/${randomUUID()}`,
        payload: { name: (await replacementProject()).name, description: null },
      });

      expectProblem(response, 404);
    });

    it('returns 409 when the new name is taken', async () => {
      const taken = await createProject();
      const project = await createProject();

      const response = await app.inject({
        method: 'PATCH',
        url: `${projectsUrl}/${project.id}`,
        payload: { name: taken.name },
      });

      expectProblem(response, 409);
    });
  });

  describe('DELETE /v1/projects/:id', () => {
    it('returns 204, then 404 for the same project', async () => {
      const project = await createProject();

      const first = await app.inject({ method: 'DELETE', url: `${projectsUrl}/${project.id}` });
      const second = await app.inject({ method: 'DELETE', url: `${projectsUrl}/${project.id}` });

      expect(first.statusCode).toBe(204);
      expect(first.body).toBe('');
      expectProblem(second, 404);
      expectProblem(await app.inject({ url: `${projectsUrl}/${project.id}` }), 404);
    });
  });

  describe('conditional requests (ETag, If-None-Match, If-Match)', () => {
    it('GET sends the version as ETag, with Cache-Control: private, no-cache; If-None-Match with it is 304', async () => {
      const project = await createProject();
      const url = `${projectsUrl}/${project.id}`;

      const first = await app.inject({ url });
      const again = await app.inject({ url, headers: { 'if-none-match': first.headers.etag } });

      expect(first.headers.etag).toBe(`"${project.version}"`);
      expect(first.headers['cache-control']).toBe('private, no-cache');
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers.etag).toBe(first.headers.etag);
    });

    it('GET with an ETag from before a change answers 200 with the new version', async () => {
      const project = await createProject();
      const url = `${projectsUrl}/${project.id}`;
      const { etag } = (await app.inject({ url })).headers;
      await app.inject({
        method: 'PATCH',
        url,
        payload: { name: (await replacementProject()).name, description: null },
      });

      const response = await app.inject({ url, headers: { 'if-none-match': etag } });

      expect(response.statusCode).toBe(200);
      expect(response.headers.etag).toBe(`"${project.version + 1}"`);
    });

    it('PUT, PATCH and DELETE with a stale If-Match answer 412 and change nothing', async () => {
      const project = await createProject();
      const url = `${projectsUrl}/${project.id}`;
      const stale = `"${project.version}"`;
      const changed = await app.inject({
        method: 'PATCH',
        url,
        payload: { name: (await replacementProject()).name, description: null },
        headers: { 'if-match': stale },
      });
      expect(changed.statusCode).toBe(200);
      expect(changed.headers.etag).toBe(`"${project.version + 1}"`);

      const writes = [
        { method: 'PUT', payload: await replacementProject() },
        { method: 'PATCH', payload: { name: (await replacementProject()).name, description: null } },
        { method: 'DELETE' },
      ] as const;
      for (const write of writes) {
        const response = await app.inject({ ...write, url, headers: { 'if-match': stale } });

        expectProblem(response, 412);
        expect(response.json().detail).toBe(
          `Project ${project.id} has changed since it was read: get it again for its ETag`,
        );
      }
      expect((await app.inject({ url })).json()).toEqual(changed.json());
    });

    it('PUT, PATCH and DELETE with the current If-Match (or *) go through', async () => {
      const project = await createProject();
      const url = `${projectsUrl}/${project.id}`;

      const replaced = await app.inject({
        method: 'PUT',
        url,
        payload: await replacementProject(),
        headers: { 'if-match': '"1"' },
      });
      const updated = await app.inject({
        method: 'PATCH',
        url,
        payload: { name: (await replacementProject()).name, description: null },
        headers: { 'if-match': '"1", "2"' },
      });
      const deleted = await app.inject({ method: 'DELETE', url, headers: { 'if-match': '*' } });

      expect([replaced.statusCode, updated.statusCode, deleted.statusCode]).toEqual([200, 200, 204]);
      expect(updated.headers.etag).toBe('"3"');
    });

    it('of two writes with the same If-Match at once, one succeeds and the other gets 412: no lost update', async () => {
      const project = await createProject();
      const url = `${projectsUrl}/${project.id}`;
      const write = async () =>
        app.inject({
          method: 'PATCH',
          url,
          payload: { name: (await replacementProject()).name, description: null },
          headers: { 'if-match': '"1"' },
        });

      const responses = await Promise.all([write(), write()]);

      expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 412]);
    });

    it('a weak ETag never lets a write through (If-Match compares strongly)', async () => {
      const project = await createProject();

      const response = await app.inject({
        method: 'DELETE',
        url: `${projectsUrl}/${project.id}`,
        headers: { 'if-match': 'W/"1"' },
      });

      expectProblem(response, 412);
    });

    it('returns 404, not 412, with If-Match when no project has this id', async () => {
      const response = await app.inject({
        method: 'DELETE',
        url: `${projectsUrl}/${randomUUID()}`,
        headers: { 'if-match': '"1"' },
      });

      expectProblem(response, 404);
    });

    it('lists and errors say Cache-Control: no-store', async () => {
      const list = await app.inject({ url: projectsUrl });
      const missing = await app.inject({ url: `${projectsUrl}/${randomUUID()}` });

      expect(list.headers['cache-control']).toBe('no-store');
      expect(missing.headers['cache-control']).toBe('no-store');
    });
  });

  it('documents its routes in the OpenAPI document, errors as problem+json', async () => {
    const { paths } = (await app.inject({ url: '/docs/json' })).json();
    const collection = paths['/v1/projects'];
    const one = paths['/v1/projects/{id}'];

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
      name: expect.any(String),
      'budget[gte]': expect.any(String),
      'name[contains]': expect.any(String),
      'status[in]': expect.any(String),
    });
  });
});
