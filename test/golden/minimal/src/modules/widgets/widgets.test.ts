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

describe('widgets', () => {
  let app: App;
  let created = 0;
  let createdProjects = 0;
  const widgetsUrl = '/v1/widgets';

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

  /** Makes a project through the API, with the fields it requires. */
  async function postProject(): Promise<Created> {
    const n = ++createdProjects;
    return post('/v1/projects', { name: `Name ${n}` });
  }

  /** A valid POST body, with values no other widget has; `fields` override or add to it. */
  async function validWidget(fields: Record<string, unknown> = {}) {
    const n = ++created;
    return { label: `Labe${n % 10000}`, ref: '00000000-0000-4000-8000-000000000001', ...fields };
  }

  /** A valid PUT body: every field but the optional ones, with other values than validWidget's. */
  async function replacementWidget() {
    const n = ++created;
    return {
      label: `Labe${n % 10000}`,
      count: 1,
      price: '2.00',
      active: false,
      seenAt: '2026-03-02T09:30:00.000Z',
      ref: '00000000-0000-4000-8000-000000000002',
      size: 'l',
    };
  }

  /** Creates a widget through the API, and returns it. */
  async function createWidget(fields: Record<string, unknown> = {}, url = widgetsUrl) {
    const response = await app.inject({ method: 'POST', url, payload: await validWidget(fields) });
    expect(response.statusCode).toBe(201);
    return response.json();
  }

  const list = (query = '') => app.inject({ url: `${widgetsUrl}${query}` });
  const ids = async (query = '') => (await list(query)).json().data.map((row: { id: string }) => row.id);

  describe('POST /v1/widgets', () => {
    it('returns 201, a Location header and the widget, with defaults applied', async () => {
      const payload = await validWidget();

      const response = await app.inject({ method: 'POST', url: widgetsUrl, payload });

      expect(response.statusCode).toBe(201);
      const widget = response.json();
      expect(response.headers.location).toBe(`${widgetsUrl}/${widget.id}`);
      expect(response.headers.etag).toBe('"1"');
      expect(widget).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        ...payload,
        notes: null,
        count: 0,
        big: null,
        price: '9.99',
        ratio: null,
        active: true,
        launch: null,
        seenAt: expect.stringMatching(isoDateTime),
        contact: null,
        site: null,
        meta: null,
        size: 'm',
        projectId: null,
        version: 1,
        createdAt: expect.stringMatching(isoDateTime),
        updatedAt: widget.createdAt,
      });
    });

    it('keeps every field it is given; a decimal comes back with its 2 decimal places; a datetime comes back in UTC', async () => {
      const project = await postProject();
      const payload = await validWidget({
        notes: 'B notes',
        count: 1,
        big: '2',
        price: '4',
        ratio: 0.25,
        active: false,
        launch: '2026-05-01',
        seenAt: '2026-03-04T10:30:00+01:00',
        ref: '00000000-0000-4000-8000-000000000002',
        contact: 'b@example.com',
        site: 'https://example.com/b',
        meta: ['b', 2],
        size: 'l',
        projectId: project.id,
      });

      const response = await app.inject({ method: 'POST', url: widgetsUrl, payload });

      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ ...payload, price: '4.00', seenAt: '2026-03-04T09:30:00.000Z' });
      expect((await app.inject({ url: `${widgetsUrl}/${response.json().id}` })).json()).toEqual(response.json());
    });

    it('returns 400 listing an unknown field', async () => {
      const response = await app.inject({
        method: 'POST',
        url: widgetsUrl,
        payload: await validWidget({ unknownField: 'x' }),
      });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path: 'body', message: 'Unrecognized key: "unknownField"' }]);
    });

    it.each([
      ['a missing label', { label: undefined }, 'body.label', /expected string, received undefined/],
      ['a label under 2 characters', { label: 'x' }, 'body.label', /Too small: expected string to have >=2 characters/],
      [
        'a label over 8 characters',
        { label: 'x'.repeat(9) },
        'body.label',
        /Too big: expected string to have <=8 characters/,
      ],
      ['label as a number', { label: 42 }, 'body.label', /expected string, received number/],
      ['an empty notes', { notes: '' }, 'body.notes', /Too small: expected string to have >=1 characters/],
      ['notes as a number', { notes: 42 }, 'body.notes', /expected string, received number/],
      ['a count that is not an integer', { count: 2.5 }, 'body.count', /expected int, received number/],
      ['count as a string', { count: '5' }, 'body.count', /expected number, received string/],
      ['a count below 0', { count: -1 }, 'body.count', /Too small: expected number to be >=0/],
      ['a count above 10', { count: 11 }, 'body.count', /Too big: expected number to be <=10/],
      ['big as a number', { big: 1500 }, 'body.big', /expected string, received number/],
      ['a big that is not an integer', { big: '1.5' }, 'body.big', /integer as a string/],
      ['a big beyond 64 bits', { big: '9223372036854775808' }, 'body.big', /64-bit integer/],
      ['price as a number', { price: 1500 }, 'body.price', /expected string, received number/],
      ['a price with 3 decimal places', { price: '0.005' }, 'body.price', /decimal number/],
      ['a price that is not a number', { price: '12,50' }, 'body.price', /decimal number/],
      ['a price with 9 integer digits', { price: '111111111' }, 'body.price', /decimal number/],
      ['ratio as a string', { ratio: '1.5' }, 'body.ratio', /expected number, received string/],
      ['a ratio below 0', { ratio: -1 }, 'body.ratio', /Too small: expected number to be >=0/],
      ['a ratio above 1', { ratio: 2 }, 'body.ratio', /Too big: expected number to be <=1/],
      ['active as a string', { active: 'yes' }, 'body.active', /expected boolean, received string/],
      ['a launch with no such day', { launch: '2026-02-30' }, 'body.launch', /Invalid ISO date/],
      ['a launch in another format', { launch: '01/03/2026' }, 'body.launch', /Invalid ISO date/],
      ['a launch with a time', { launch: '2026-03-01T10:00:00Z' }, 'body.launch', /Invalid ISO date/],
      ['a seen at without a time', { seenAt: '2026-03-01' }, 'body.seenAt', /Invalid ISO datetime/],
      ['a seen at without a time zone', { seenAt: '2026-03-01T10:00:00' }, 'body.seenAt', /Invalid ISO datetime/],
      ['a missing ref', { ref: undefined }, 'body.ref', /expected string, received undefined/],
      ['a ref that is not a uuid', { ref: '42' }, 'body.ref', /Invalid UUID/],
      ['an invalid contact', { contact: 'not-an-email' }, 'body.contact', /Invalid email address/],
      [
        'a contact over 255 characters',
        { contact: 'a'.repeat(255) + '@example.com' },
        'body.contact',
        /Too big: expected string to have <=255 characters/,
      ],
      ['an invalid site', { site: 'not a url' }, 'body.site', /Invalid URL/],
      [
        'a site over 255 characters',
        { site: 'https://example.com/' + 'a'.repeat(255) },
        'body.site',
        /Too big: expected string to have <=255 characters/,
      ],
      ['a site that is not http or https', { site: 'ftp://example.com' }, 'body.site', /Invalid URL/],
      ['a size not in the list', { size: '0' }, 'body.size', /Invalid option: expected one of "s"\|"m"\|"l"/],
      ['a project id that is not a uuid', { projectId: '42' }, 'body.projectId', /Invalid UUID/],
    ])('returns 400 naming the field for %s', async (_, fields, path, message) => {
      const response = await app.inject({ method: 'POST', url: widgetsUrl, payload: await validWidget(fields) });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path, message: expect.stringMatching(message) }]);
    });

    it('returns 409 when the label is taken, without naming the constraint', async () => {
      const existing = await createWidget();

      const response = await app.inject({
        method: 'POST',
        url: widgetsUrl,
        payload: await validWidget({ label: existing.label }),
      });

      expectProblem(response, 409);
      expect(response.json().detail).toBe('A resource with the same unique value already exists');
    });

    it('returns 422 naming body.projectId when no project has that id, without naming the table', async () => {
      const response = await app.inject({
        method: 'POST',
        url: widgetsUrl,
        payload: await validWidget({ projectId: randomUUID() }),
      });

      expectProblem(response, 422);
      expect(response.json()).toMatchObject({
        detail: 'A referenced resource does not exist',
        errors: [{ path: 'body.projectId', message: 'does not exist' }],
      });
      expect(response.body).not.toMatch(/project_id/);
    });
  });

  describe('GET /v1/widgets/:id', () => {
    it('returns 200 and the widget', async () => {
      const widget = await createWidget();

      const response = await app.inject({ url: `${widgetsUrl}/${widget.id}` });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(widget);
    });

    it('returns 404 when no widget has this id', async () => {
      const id = randomUUID();

      const response = await app.inject({ url: `${widgetsUrl}/${id}` });

      expectProblem(response, 404);
      expect(response.json().detail).toBe(`Widget ${id} does not exist`);
    });

    it('returns 400 when the id is not a uuid', async () => {
      const response = await app.inject({ url: `${widgetsUrl}/42` });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path: 'params.id', message: 'Invalid UUID' }]);
    });
  });

  describe('GET /v1/widgets', () => {
    it('returns 200 with an empty page when there are no widgets', async () => {
      const response = await list();

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ data: [], total: 0, page: 1, limit: 20, totalPages: 0 });
    });

    it('returns 200 with { data, total, page, limit, totalPages }', async () => {
      const widget = await createWidget();

      expect((await list()).json()).toEqual({ data: [widget], total: 1, page: 1, limit: 20, totalPages: 1 });
    });

    it('returns the first 20, newest first, by default', async () => {
      const rows = [];
      for (let i = 0; i < 20; i++) rows.push(await createWidget());
      await new Promise((resolve) => setTimeout(resolve, 5)); // the newest's createdAt must not tie (same millisecond)
      rows.push(await createWidget());

      const body = (await list()).json();

      expect(body).toMatchObject({ total: 21, page: 1, limit: 20, totalPages: 2 });
      expect(body.data).toHaveLength(20);
      expect(body.data[0].id).toBe(rows[20].id);
    });

    it('casts page and limit from the query string', async () => {
      for (let i = 0; i < 5; i++) await createWidget();
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
      const first = await createWidget();
      await new Promise((resolve) => setTimeout(resolve, 5)); // so that the two createdAt cannot tie
      const second = await createWidget();

      expect(await ids()).toEqual([second.id, first.id]);
      expect(await ids('?sortBy=createdAt&sortOrder=asc')).toEqual([first.id, second.id]);
      expect(await ids('?sortBy=updatedAt&sortOrder=desc')).toEqual([second.id, first.id]);
    });

    it('sorts by label in either order', async () => {
      const middle = await createWidget({ label: 'B label' });
      const lowest = await createWidget({ label: 'A label' });
      const highest = await createWidget({ label: 'C label' });

      expect(await ids('?sortBy=label&sortOrder=asc')).toEqual([lowest.id, middle.id, highest.id]);
      expect(await ids('?sortBy=label&sortOrder=desc')).toEqual([highest.id, middle.id, lowest.id]);
    });

    it('sorts by count in either order', async () => {
      const middle = await createWidget({ count: 1 });
      const lowest = await createWidget({ count: 0 });
      const highest = await createWidget({ count: 2 });

      expect(await ids('?sortBy=count&sortOrder=asc')).toEqual([lowest.id, middle.id, highest.id]);
      expect(await ids('?sortBy=count&sortOrder=desc')).toEqual([highest.id, middle.id, lowest.id]);
    });

    it('sorts by big in either order', async () => {
      const middle = await createWidget({ big: '2' });
      const lowest = await createWidget({ big: '1' });
      const highest = await createWidget({ big: '3' });

      expect(await ids('?sortBy=big&sortOrder=asc')).toEqual([lowest.id, middle.id, highest.id]);
      expect(await ids('?sortBy=big&sortOrder=desc')).toEqual([highest.id, middle.id, lowest.id]);
    });

    it('sorts by price in either order', async () => {
      const middle = await createWidget({ price: '2.00' });
      const lowest = await createWidget({ price: '1.00' });
      const highest = await createWidget({ price: '3.00' });

      expect(await ids('?sortBy=price&sortOrder=asc')).toEqual([lowest.id, middle.id, highest.id]);
      expect(await ids('?sortBy=price&sortOrder=desc')).toEqual([highest.id, middle.id, lowest.id]);
    });

    it('sorts by ratio in either order', async () => {
      const middle = await createWidget({ ratio: 0.25 });
      const lowest = await createWidget({ ratio: 0 });
      const highest = await createWidget({ ratio: 0.5 });

      expect(await ids('?sortBy=ratio&sortOrder=asc')).toEqual([lowest.id, middle.id, highest.id]);
      expect(await ids('?sortBy=ratio&sortOrder=desc')).toEqual([highest.id, middle.id, lowest.id]);
    });

    it('sorts by launch in either order', async () => {
      const middle = await createWidget({ launch: '2026-05-01' });
      const lowest = await createWidget({ launch: '2026-04-01' });
      const highest = await createWidget({ launch: '2026-06-01' });

      expect(await ids('?sortBy=launch&sortOrder=asc')).toEqual([lowest.id, middle.id, highest.id]);
      expect(await ids('?sortBy=launch&sortOrder=desc')).toEqual([highest.id, middle.id, lowest.id]);
    });

    it('sorts by seen at in either order', async () => {
      const middle = await createWidget({ seenAt: '2026-03-02T09:30:00.000Z' });
      const lowest = await createWidget({ seenAt: '2026-03-01T09:30:00.000Z' });
      const highest = await createWidget({ seenAt: '2026-03-03T09:30:00.000Z' });

      expect(await ids('?sortBy=seenAt&sortOrder=asc')).toEqual([lowest.id, middle.id, highest.id]);
      expect(await ids('?sortBy=seenAt&sortOrder=desc')).toEqual([highest.id, middle.id, lowest.id]);
    });

    it('sorts by contact in either order', async () => {
      const middle = await createWidget({ contact: 'b@example.com' });
      const lowest = await createWidget({ contact: 'a@example.com' });
      const highest = await createWidget({ contact: 'c@example.com' });

      expect(await ids('?sortBy=contact&sortOrder=asc')).toEqual([lowest.id, middle.id, highest.id]);
      expect(await ids('?sortBy=contact&sortOrder=desc')).toEqual([highest.id, middle.id, lowest.id]);
    });

    it('returns 400 for a sortBy that is not allow-listed, or a sortOrder that is neither asc nor desc', async () => {
      const notListed = await list('?sortBy=notes');

      expectProblem(notListed, 400);
      expect(notListed.json().errors).toEqual([{ path: 'query.sortBy', message: expect.any(String) }]);
      expectProblem(await list('?sortBy=id;DROP TABLE widgets'), 400);
      expectProblem(await list('?sortOrder=sideways'), 400);
    });

    it('filters by label: equal, contains', async () => {
      const matching = await createWidget({ label: 'A label' });
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list('?label=B%20label')).json()).toMatchObject({ total: 0, data: [] });
      await createWidget({ label: 'B label' });
      await createWidget({ label: 'C label' });

      expect(await ids('?label=A%20label')).toEqual([matching.id]);
      // Part of the text, in another case
      expect(await ids('?label[contains]=A%20L')).toEqual([matching.id]);
      // % and _ stand for themselves, not for any text
      expect(await ids('?label[contains]=%25')).toEqual([]);
      expect(await ids('?label[contains]=_')).toEqual([]);

      // A value the field's rules refuse is a 400 naming the parameter.
      const refused = await list(`?label=${'x'.repeat(9)}`);
      expectProblem(refused, 400);
      expect(refused.json().errors).toEqual([{ path: 'query.label', message: expect.any(String) }]);
    });

    it('filters by notes: equal, contains', async () => {
      const matching = await createWidget({ notes: 'A notes' });
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list('?notes=B%20notes')).json()).toMatchObject({ total: 0, data: [] });
      await createWidget({ notes: 'B notes' });
      await createWidget({ notes: 'C notes' });

      expect(await ids('?notes=A%20notes')).toEqual([matching.id]);
      // Part of the text, in another case
      expect(await ids('?notes[contains]=A%20N')).toEqual([matching.id]);
      // % and _ stand for themselves, not for any text
      expect(await ids('?notes[contains]=%25')).toEqual([]);
      expect(await ids('?notes[contains]=_')).toEqual([]);

      // A value the field's rules refuse is a 400 naming the parameter.
      const refused = await list('?notes=');
      expectProblem(refused, 400);
      expect(refused.json().errors).toEqual([{ path: 'query.notes', message: expect.any(String) }]);
    });

    it('filters by count: equal, range, cast from the query string', async () => {
      const lowest = await createWidget({ count: 0 });
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list('?count=1')).json()).toMatchObject({ total: 0, data: [] });
      const middle = await createWidget({ count: 1 });
      const highest = await createWidget({ count: 2 });

      expect(await ids('?count=1')).toEqual([middle.id]);
      expect(await ids('?count[gt]=0&count[lt]=2')).toEqual([middle.id]);
      // Several rows in any order: made in one millisecond, they tie on createdAt, the default sort
      expect((await ids('?count[gte]=1')).sort()).toEqual([highest.id, middle.id].sort());
      expect((await ids('?count[lte]=1')).sort()).toEqual([middle.id, lowest.id].sort());

      // Values the field's rules refuse are a 400 naming the parameter.
      for (const { query, path } of [
        { query: '?count=many', path: 'query.count' },
        { query: '?count[gte]=many', path: 'query.count[gte]' },
      ]) {
        const refused = await list(query);
        expectProblem(refused, 400);
        expect(refused.json().errors).toEqual([{ path, message: expect.any(String) }]);
      }
    });

    it('filters by big: equal, range', async () => {
      const lowest = await createWidget({ big: '1' });
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list('?big=2')).json()).toMatchObject({ total: 0, data: [] });
      const middle = await createWidget({ big: '2' });
      const highest = await createWidget({ big: '3' });

      expect(await ids('?big=2')).toEqual([middle.id]);
      expect(await ids('?big[gt]=1&big[lt]=3')).toEqual([middle.id]);
      // Several rows in any order: made in one millisecond, they tie on createdAt, the default sort
      expect((await ids('?big[gte]=2')).sort()).toEqual([highest.id, middle.id].sort());
      expect((await ids('?big[lte]=2')).sort()).toEqual([middle.id, lowest.id].sort());

      // Values the field's rules refuse are a 400 naming the parameter.
      for (const { query, path } of [
        { query: '?big=many', path: 'query.big' },
        { query: '?big[gte]=many', path: 'query.big[gte]' },
      ]) {
        const refused = await list(query);
        expectProblem(refused, 400);
        expect(refused.json().errors).toEqual([{ path, message: expect.any(String) }]);
      }
    });

    it('filters by price: equal, range', async () => {
      const lowest = await createWidget({ price: '1.00' });
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list('?price=2.00')).json()).toMatchObject({ total: 0, data: [] });
      const middle = await createWidget({ price: '2.00' });
      const highest = await createWidget({ price: '3.00' });

      expect(await ids('?price=2.00')).toEqual([middle.id]);
      expect(await ids('?price[gt]=1.00&price[lt]=3.00')).toEqual([middle.id]);
      // Several rows in any order: made in one millisecond, they tie on createdAt, the default sort
      expect((await ids('?price[gte]=2.00')).sort()).toEqual([highest.id, middle.id].sort());
      expect((await ids('?price[lte]=2.00')).sort()).toEqual([middle.id, lowest.id].sort());

      // Values the field's rules refuse are a 400 naming the parameter.
      for (const { query, path } of [
        { query: '?price=many', path: 'query.price' },
        { query: '?price[gte]=many', path: 'query.price[gte]' },
      ]) {
        const refused = await list(query);
        expectProblem(refused, 400);
        expect(refused.json().errors).toEqual([{ path, message: expect.any(String) }]);
      }
    });

    it('filters by ratio: equal, range, cast from the query string', async () => {
      const lowest = await createWidget({ ratio: 0 });
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list('?ratio=0.25')).json()).toMatchObject({ total: 0, data: [] });
      const middle = await createWidget({ ratio: 0.25 });
      const highest = await createWidget({ ratio: 0.5 });

      expect(await ids('?ratio=0.25')).toEqual([middle.id]);
      expect(await ids('?ratio[gt]=0&ratio[lt]=0.5')).toEqual([middle.id]);
      // Several rows in any order: made in one millisecond, they tie on createdAt, the default sort
      expect((await ids('?ratio[gte]=0.25')).sort()).toEqual([highest.id, middle.id].sort());
      expect((await ids('?ratio[lte]=0.25')).sort()).toEqual([middle.id, lowest.id].sort());

      // Values the field's rules refuse are a 400 naming the parameter.
      for (const { query, path } of [
        { query: '?ratio=many', path: 'query.ratio' },
        { query: '?ratio[gte]=many', path: 'query.ratio[gte]' },
      ]) {
        const refused = await list(query);
        expectProblem(refused, 400);
        expect(refused.json().errors).toEqual([{ path, message: expect.any(String) }]);
      }
    });

    it('filters by active: equal, cast from the query string', async () => {
      const matching = await createWidget({ active: false });
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list('?active=true')).json()).toMatchObject({ total: 0, data: [] });
      await createWidget({ active: true });

      expect(await ids('?active=false')).toEqual([matching.id]);

      // A value the field's rules refuse is a 400 naming the parameter.
      const refused = await list('?active=maybe');
      expectProblem(refused, 400);
      expect(refused.json().errors).toEqual([{ path: 'query.active', message: expect.any(String) }]);
    });

    it('filters by launch: equal, range', async () => {
      const lowest = await createWidget({ launch: '2026-04-01' });
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list('?launch=2026-05-01')).json()).toMatchObject({ total: 0, data: [] });
      const middle = await createWidget({ launch: '2026-05-01' });
      const highest = await createWidget({ launch: '2026-06-01' });

      expect(await ids('?launch=2026-05-01')).toEqual([middle.id]);
      expect(await ids('?launch[gt]=2026-04-01&launch[lt]=2026-06-01')).toEqual([middle.id]);
      // Several rows in any order: made in one millisecond, they tie on createdAt, the default sort
      expect((await ids('?launch[gte]=2026-05-01')).sort()).toEqual([highest.id, middle.id].sort());
      expect((await ids('?launch[lte]=2026-05-01')).sort()).toEqual([middle.id, lowest.id].sort());

      // Values the field's rules refuse are a 400 naming the parameter.
      for (const { query, path } of [
        { query: '?launch=March', path: 'query.launch' },
        { query: '?launch[gte]=March', path: 'query.launch[gte]' },
      ]) {
        const refused = await list(query);
        expectProblem(refused, 400);
        expect(refused.json().errors).toEqual([{ path, message: expect.any(String) }]);
      }
    });

    it('filters by seen at: equal, range', async () => {
      const lowest = await createWidget({ seenAt: '2026-03-01T09:30:00.000Z' });
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list('?seenAt=2026-03-02T09:30:00.000Z')).json()).toMatchObject({ total: 0, data: [] });
      const middle = await createWidget({ seenAt: '2026-03-02T09:30:00.000Z' });
      const highest = await createWidget({ seenAt: '2026-03-03T09:30:00.000Z' });

      expect(await ids('?seenAt=2026-03-02T09:30:00.000Z')).toEqual([middle.id]);
      expect(await ids('?seenAt[gt]=2026-03-01T09:30:00.000Z&seenAt[lt]=2026-03-03T09:30:00.000Z')).toEqual([
        middle.id,
      ]);
      // Several rows in any order: made in one millisecond, they tie on createdAt, the default sort
      expect((await ids('?seenAt[gte]=2026-03-02T09:30:00.000Z')).sort()).toEqual([highest.id, middle.id].sort());
      expect((await ids('?seenAt[lte]=2026-03-02T09:30:00.000Z')).sort()).toEqual([middle.id, lowest.id].sort());

      // Values the field's rules refuse are a 400 naming the parameter.
      for (const { query, path } of [
        { query: '?seenAt=yesterday', path: 'query.seenAt' },
        { query: '?seenAt[gte]=yesterday', path: 'query.seenAt[gte]' },
      ]) {
        const refused = await list(query);
        expectProblem(refused, 400);
        expect(refused.json().errors).toEqual([{ path, message: expect.any(String) }]);
      }
    });

    it('filters by ref: equal', async () => {
      const matching = await createWidget({ ref: '00000000-0000-4000-8000-000000000001' });
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list('?ref=00000000-0000-4000-8000-000000000002')).json()).toMatchObject({ total: 0, data: [] });
      await createWidget({ ref: '00000000-0000-4000-8000-000000000002' });
      await createWidget({ ref: '00000000-0000-4000-8000-000000000003' });

      expect(await ids('?ref=00000000-0000-4000-8000-000000000001')).toEqual([matching.id]);

      // A value the field's rules refuse is a 400 naming the parameter.
      const refused = await list('?ref=42');
      expectProblem(refused, 400);
      expect(refused.json().errors).toEqual([{ path: 'query.ref', message: expect.any(String) }]);
    });

    it('filters by contact: equal, contains', async () => {
      const matching = await createWidget({ contact: 'a@example.com' });
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list('?contact=b@example.com')).json()).toMatchObject({ total: 0, data: [] });
      await createWidget({ contact: 'b@example.com' });
      await createWidget({ contact: 'c@example.com' });

      expect(await ids('?contact=a@example.com')).toEqual([matching.id]);
      // Part of the text, in another case
      expect(await ids('?contact[contains]=A@E')).toEqual([matching.id]);
      // % and _ stand for themselves, not for any text
      expect(await ids('?contact[contains]=%25')).toEqual([]);
      expect(await ids('?contact[contains]=_')).toEqual([]);

      // A value the field's rules refuse is a 400 naming the parameter.
      const refused = await list('?contact=not-an-email');
      expectProblem(refused, 400);
      expect(refused.json().errors).toEqual([{ path: 'query.contact', message: expect.any(String) }]);
    });

    it('filters by site: equal, contains', async () => {
      const matching = await createWidget({ site: 'https://example.com/a' });
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list('?site=https://example.com/b')).json()).toMatchObject({ total: 0, data: [] });
      await createWidget({ site: 'https://example.com/b' });
      await createWidget({ site: 'https://example.com/c' });

      expect(await ids('?site=https://example.com/a')).toEqual([matching.id]);
      // Part of the text, in another case
      expect(await ids('?site[contains]=M/A')).toEqual([matching.id]);
      // % and _ stand for themselves, not for any text
      expect(await ids('?site[contains]=%25')).toEqual([]);
      expect(await ids('?site[contains]=_')).toEqual([]);

      // A value the field's rules refuse is a 400 naming the parameter.
      const refused = await list('?site=not%20a%20url');
      expectProblem(refused, 400);
      expect(refused.json().errors).toEqual([{ path: 'query.site', message: expect.any(String) }]);
    });

    it('filters by size: equal, in a list', async () => {
      const matching = await createWidget({ size: 's' });
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list('?size=m')).json()).toMatchObject({ total: 0, data: [] });
      const other = await createWidget({ size: 'm' });
      await createWidget({ size: 'l' });

      expect(await ids('?size=s')).toEqual([matching.id]);
      // Several rows in any order: made in one millisecond, they tie on createdAt, the default sort
      expect((await ids('?size[in]=s,m')).sort()).toEqual([other.id, matching.id].sort());

      // Values the field's rules refuse are a 400 naming the parameter.
      for (const { query, path } of [
        { query: '?size=0', path: 'query.size' },
        { query: '?size[in]=s,0', path: 'query.size[in].1' },
      ]) {
        const refused = await list(query);
        expectProblem(refused, 400);
        expect(refused.json().errors).toEqual([{ path, message: expect.any(String) }]);
      }
    });

    it('filters by project id', async () => {
      const target = await postProject();
      await createWidget();
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list(`?projectId=${target.id}`)).json()).toMatchObject({ total: 0, data: [] });
      const matching = await createWidget({ projectId: target.id });

      expect(await ids(`?projectId=${target.id}`)).toEqual([matching.id]);

      // A value the field's rules refuse is a 400 naming the parameter.
      const refused = await list('?projectId=42');
      expectProblem(refused, 400);
      expect(refused.json().errors).toEqual([{ path: 'query.projectId', message: expect.any(String) }]);
    });

    it('combines filters, and counts only the rows that match them all', async () => {
      await createWidget({ notes: 'A notes', count: 0 });
      await createWidget({ notes: 'A notes', count: 1 });
      await createWidget({ notes: 'B notes', count: 0 });

      expect((await list('?notes=A%20notes&count=0&limit=1')).json()).toMatchObject({ total: 1, totalPages: 1 });
    });

    it('returns 400 for an unknown query parameter, such as a misspelt filter, or an unknown operator', async () => {
      const response = await list('?unknownField=1');

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path: 'query', message: 'Unrecognized key: "unknownField"' }]);
      const unknownOperator = await list('?label[foo]=1');
      expectProblem(unknownOperator, 400);
      expect(unknownOperator.json().errors).toEqual([{ path: 'query', message: 'Unrecognized key: "label[foo]"' }]);
    });
  });

  describe('PUT /v1/widgets/:id', () => {
    it('replaces the whole widget: an optional field left out becomes null', async () => {
      const widget = await createWidget({
        notes: 'B notes',
        big: '2',
        ratio: 0.25,
        launch: '2026-05-01',
        contact: 'b@example.com',
        site: 'https://example.com/b',
        meta: ['b', 2],
        projectId: (await postProject()).id,
      });
      const payload = await replacementWidget();

      const response = await app.inject({ method: 'PUT', url: `${widgetsUrl}/${widget.id}`, payload });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        ...widget,
        ...payload,
        notes: null,
        big: null,
        ratio: null,
        launch: null,
        contact: null,
        site: null,
        meta: null,
        projectId: null,
        version: widget.version + 1,
        updatedAt: expect.stringMatching(isoDateTime),
      });
    });

    it('returns 400 naming every required field that is missing, even one with a default on create', async () => {
      const widget = await createWidget();

      const response = await app.inject({ method: 'PUT', url: `${widgetsUrl}/${widget.id}`, payload: {} });

      expectProblem(response, 400);
      expect(response.json().errors.map((error: { path: string }) => error.path)).toEqual([
        'body.label',
        'body.count',
        'body.price',
        'body.active',
        'body.seenAt',
        'body.ref',
        'body.size',
      ]);
    });

    it('returns 404 when no widget has this id', async () => {
      const response = await app.inject({
        method: 'PUT',
        url: `${widgetsUrl}/${randomUUID()}`,
        payload: await replacementWidget(),
      });

      expectProblem(response, 404);
    });

    it('returns 409 when the new label is taken', async () => {
      const taken = await createWidget();
      const widget = await createWidget();

      const response = await app.inject({
        method: 'PUT',
        url: `${widgetsUrl}/${widget.id}`,
        payload: { ...(await replacementWidget()), label: taken.label },
      });

      expectProblem(response, 409);
    });

    it('returns 422 naming body.projectId when no project has that id', async () => {
      const widget = await createWidget();

      const response = await app.inject({
        method: 'PUT',
        url: `${widgetsUrl}/${widget.id}`,
        payload: { ...(await replacementWidget()), projectId: randomUUID() },
      });

      expectProblem(response, 422);
      expect(response.json().errors).toEqual([{ path: 'body.projectId', message: 'does not exist' }]);
    });
  });

  describe('PATCH /v1/widgets/:id', () => {
    it('changes the given fields only, and null clears an optional one', async () => {
      const widget = await createWidget({
        notes: 'B notes',
        big: '2',
        ratio: 0.25,
        launch: '2026-05-01',
        contact: 'b@example.com',
        site: 'https://example.com/b',
        meta: ['b', 2],
        projectId: (await postProject()).id,
      });
      const changes = { label: (await replacementWidget()).label, notes: null };

      const response = await app.inject({ method: 'PATCH', url: `${widgetsUrl}/${widget.id}`, payload: changes });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        ...widget,
        ...changes,
        version: widget.version + 1,
        updatedAt: expect.stringMatching(isoDateTime),
      });
    });

    it('moves updatedAt forward (the database trigger), and leaves createdAt', async () => {
      const widget = await createWidget({
        notes: 'B notes',
        big: '2',
        ratio: 0.25,
        launch: '2026-05-01',
        contact: 'b@example.com',
        site: 'https://example.com/b',
        meta: ['b', 2],
        projectId: (await postProject()).id,
      });
      await new Promise((resolve) => setTimeout(resolve, 5));

      const response = await app.inject({
        method: 'PATCH',
        url: `${widgetsUrl}/${widget.id}`,
        payload: { label: (await replacementWidget()).label, notes: null },
      });

      const updated = response.json();
      expect(updated.createdAt).toBe(widget.createdAt);
      expect(updated.updatedAt).toMatch(isoDateTime);
      expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(widget.updatedAt));
    });

    it('returns 400 for an empty body', async () => {
      const widget = await createWidget();

      const response = await app.inject({ method: 'PATCH', url: `${widgetsUrl}/${widget.id}`, payload: {} });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path: 'body', message: 'Expected at least one field to change' }]);
    });

    it('returns 400 for a field that breaks its rule', async () => {
      const widget = await createWidget();

      const response = await app.inject({
        method: 'PATCH',
        url: `${widgetsUrl}/${widget.id}`,
        payload: { label: 'x' },
      });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([
        { path: 'body.label', message: expect.stringMatching(/Too small: expected string to have >=2 characters/) },
      ]);
    });

    it('returns 404 when no widget has this id', async () => {
      const response = await app.inject({
        method: 'PATCH',
        url: `${widgetsUrl}/${randomUUID()}`,
        payload: { label: (await replacementWidget()).label, notes: null },
      });

      expectProblem(response, 404);
    });

    it('returns 409 when the new label is taken', async () => {
      const taken = await createWidget();
      const widget = await createWidget();

      const response = await app.inject({
        method: 'PATCH',
        url: `${widgetsUrl}/${widget.id}`,
        payload: { label: taken.label },
      });

      expectProblem(response, 409);
    });

    it('returns 422 naming body.projectId when no project has that id', async () => {
      const widget = await createWidget();

      const response = await app.inject({
        method: 'PATCH',
        url: `${widgetsUrl}/${widget.id}`,
        payload: { projectId: randomUUID() },
      });

      expectProblem(response, 422);
      expect(response.json().errors).toEqual([{ path: 'body.projectId', message: 'does not exist' }]);
    });
  });

  describe('DELETE /v1/widgets/:id', () => {
    it('returns 204, then 404 for the same widget', async () => {
      const widget = await createWidget();

      const first = await app.inject({ method: 'DELETE', url: `${widgetsUrl}/${widget.id}` });
      const second = await app.inject({ method: 'DELETE', url: `${widgetsUrl}/${widget.id}` });

      expect(first.statusCode).toBe(204);
      expect(first.body).toBe('');
      expectProblem(second, 404);
      expectProblem(await app.inject({ url: `${widgetsUrl}/${widget.id}` }), 404);
    });
  });

  describe('conditional requests (ETag, If-None-Match, If-Match)', () => {
    it('GET sends the version as ETag, with Cache-Control: private, no-cache; If-None-Match with it is 304', async () => {
      const widget = await createWidget();
      const url = `${widgetsUrl}/${widget.id}`;

      const first = await app.inject({ url });
      const again = await app.inject({ url, headers: { 'if-none-match': first.headers.etag } });

      expect(first.headers.etag).toBe(`"${widget.version}"`);
      expect(first.headers['cache-control']).toBe('private, no-cache');
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers.etag).toBe(first.headers.etag);
    });

    it('GET with an ETag from before a change answers 200 with the new version', async () => {
      const widget = await createWidget();
      const url = `${widgetsUrl}/${widget.id}`;
      const { etag } = (await app.inject({ url })).headers;
      await app.inject({ method: 'PATCH', url, payload: { label: (await replacementWidget()).label, notes: null } });

      const response = await app.inject({ url, headers: { 'if-none-match': etag } });

      expect(response.statusCode).toBe(200);
      expect(response.headers.etag).toBe(`"${widget.version + 1}"`);
    });

    it('PUT, PATCH and DELETE with a stale If-Match answer 412 and change nothing', async () => {
      const widget = await createWidget();
      const url = `${widgetsUrl}/${widget.id}`;
      const stale = `"${widget.version}"`;
      const changed = await app.inject({
        method: 'PATCH',
        url,
        payload: { label: (await replacementWidget()).label, notes: null },
        headers: { 'if-match': stale },
      });
      expect(changed.statusCode).toBe(200);
      expect(changed.headers.etag).toBe(`"${widget.version + 1}"`);

      const writes = [
        { method: 'PUT', payload: await replacementWidget() },
        { method: 'PATCH', payload: { label: (await replacementWidget()).label, notes: null } },
        { method: 'DELETE' },
      ] as const;
      for (const write of writes) {
        const response = await app.inject({ ...write, url, headers: { 'if-match': stale } });

        expectProblem(response, 412);
        expect(response.json().detail).toBe(
          `Widget ${widget.id} has changed since it was read: get it again for its ETag`,
        );
      }
      expect((await app.inject({ url })).json()).toEqual(changed.json());
    });

    it('PUT, PATCH and DELETE with the current If-Match (or *) go through', async () => {
      const widget = await createWidget();
      const url = `${widgetsUrl}/${widget.id}`;

      const replaced = await app.inject({
        method: 'PUT',
        url,
        payload: await replacementWidget(),
        headers: { 'if-match': '"1"' },
      });
      const updated = await app.inject({
        method: 'PATCH',
        url,
        payload: { label: (await replacementWidget()).label, notes: null },
        headers: { 'if-match': '"1", "2"' },
      });
      const deleted = await app.inject({ method: 'DELETE', url, headers: { 'if-match': '*' } });

      expect([replaced.statusCode, updated.statusCode, deleted.statusCode]).toEqual([200, 200, 204]);
      expect(updated.headers.etag).toBe('"3"');
    });

    it('of two writes with the same If-Match at once, one succeeds and the other gets 412: no lost update', async () => {
      const widget = await createWidget();
      const url = `${widgetsUrl}/${widget.id}`;
      const write = async () =>
        app.inject({
          method: 'PATCH',
          url,
          payload: { label: (await replacementWidget()).label, notes: null },
          headers: { 'if-match': '"1"' },
        });

      const responses = await Promise.all([write(), write()]);

      expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 412]);
    });

    it('a weak ETag never lets a write through (If-Match compares strongly)', async () => {
      const widget = await createWidget();

      const response = await app.inject({
        method: 'DELETE',
        url: `${widgetsUrl}/${widget.id}`,
        headers: { 'if-match': 'W/"1"' },
      });

      expectProblem(response, 412);
    });

    it('returns 404, not 412, with If-Match when no widget has this id', async () => {
      const response = await app.inject({
        method: 'DELETE',
        url: `${widgetsUrl}/${randomUUID()}`,
        headers: { 'if-match': '"1"' },
      });

      expectProblem(response, 404);
    });

    it('lists and errors say Cache-Control: no-store', async () => {
      const list = await app.inject({ url: widgetsUrl });
      const missing = await app.inject({ url: `${widgetsUrl}/${randomUUID()}` });

      expect(list.headers['cache-control']).toBe('no-store');
      expect(missing.headers['cache-control']).toBe('no-store');
    });
  });

  describe('deleting a project it refers to as project', () => {
    it('sets projectId to null in the widgets that refer to it (ON DELETE SET NULL)', async () => {
      const project = await postProject();
      const widget = await createWidget({ projectId: project.id });

      expect((await app.inject({ method: 'DELETE', url: project.url })).statusCode).toBe(204);

      const response = await app.inject({ url: `${widgetsUrl}/${widget.id}` });
      // The database's own update counts as a change: the version moves, and ETags read before go stale.
      expect(response.json()).toMatchObject({ id: widget.id, projectId: null, version: widget.version + 1 });
    });
  });

  it('documents its routes in the OpenAPI document, errors as problem+json', async () => {
    const { paths } = (await app.inject({ url: '/docs/json' })).json();
    const collection = paths['/v1/widgets'];
    const one = paths['/v1/widgets/{id}'];

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
      label: expect.any(String),
      'count[gte]': expect.any(String),
      'label[contains]': expect.any(String),
      'size[in]': expect.any(String),
    });
  });
});
