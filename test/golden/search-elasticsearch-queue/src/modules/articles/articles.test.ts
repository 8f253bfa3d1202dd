import { randomUUID } from 'node:crypto';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { buildTestApp, expectProblem, getTestDatabase, resetDatabase } from '../../../test/helpers.js';
import { waitingPayloads } from '../../../test/jobs.js';
import { runSearchIndexJobs } from '../../../test/search-jobs.js';
import { clearSearchIndex, searchIsOn } from '../../../test/search.js';
import type { App } from '../../app.js';
import { searchIndexJob } from '../../jobs/search-index.job.js';
import { articlesSearchIndex } from './articles.repository.js';

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('articles', () => {
  let app: App;
  const articlesUrl = '/v1/articles';

  beforeEach(async () => {
    await resetDatabase(await getTestDatabase());
    app = await buildTestApp();
  });
  afterEach(() => app.close());

  /** A valid POST body; `fields` override or add to it. */
  async function validArticle(fields: Record<string, unknown> = {}) {
    return { title: 'A title', body: 'A body', ...fields };
  }

  /** A valid PUT body: every field but the optional ones, with other values than validArticle's. */
  async function replacementArticle() {
    return { title: 'B title', body: 'B body' };
  }

  /** Creates an article through the API, and returns it. */
  async function createArticle(fields: Record<string, unknown> = {}, url = articlesUrl) {
    const response = await app.inject({ method: 'POST', url, payload: await validArticle(fields) });
    expect(response.statusCode).toBe(201);
    return response.json();
  }

  const list = (query = '') => app.inject({ url: `${articlesUrl}${query}` });
  const ids = async (query = '') => (await list(query)).json().data.map((row: { id: string }) => row.id);

  describe('POST /v1/articles', () => {
    it('returns 201, a Location header and the article', async () => {
      const payload = await validArticle();

      const response = await app.inject({ method: 'POST', url: articlesUrl, payload });

      expect(response.statusCode).toBe(201);
      const article = response.json();
      expect(response.headers.location).toBe(`${articlesUrl}/${article.id}`);
      expect(response.headers.etag).toBe('"1"');
      expect(article).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        ...payload,
        summary: null,
        version: 1,
        createdAt: expect.stringMatching(isoDateTime),
        updatedAt: article.createdAt,
      });
    });

    it('keeps every field it is given', async () => {
      const payload = await validArticle({ title: 'B title', summary: 'B summary', body: 'B body' });

      const response = await app.inject({ method: 'POST', url: articlesUrl, payload });

      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ ...payload });
      expect((await app.inject({ url: `${articlesUrl}/${response.json().id}` })).json()).toEqual(response.json());
    });

    it('returns 400 listing an unknown field', async () => {
      const response = await app.inject({
        method: 'POST',
        url: articlesUrl,
        payload: await validArticle({ unknownField: 'x' }),
      });

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
      ['an empty summary', { summary: '' }, 'body.summary', /Too small: expected string to have >=1 characters/],
      ['summary as a number', { summary: 42 }, 'body.summary', /expected string, received number/],
      ['a missing body', { body: undefined }, 'body.body', /expected string, received undefined/],
      ['an empty body', { body: '' }, 'body.body', /Too small: expected string to have >=1 characters/],
      ['body as a number', { body: 42 }, 'body.body', /expected string, received number/],
    ])('returns 400 naming the field for %s', async (_, fields, path, message) => {
      const response = await app.inject({ method: 'POST', url: articlesUrl, payload: await validArticle(fields) });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path, message: expect.stringMatching(message) }]);
    });
  });

  describe('GET /v1/articles/:id', () => {
    it('returns 200 and the article', async () => {
      const article = await createArticle();

      const response = await app.inject({ url: `${articlesUrl}/${article.id}` });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(article);
    });

    it('returns 404 when no article has this id', async () => {
      const id = randomUUID();

      const response = await app.inject({ url: `${articlesUrl}/${id}` });

      expectProblem(response, 404);
      expect(response.json().detail).toBe(`Article ${id} does not exist`);
    });

    it('returns 400 when the id is not a uuid', async () => {
      const response = await app.inject({ url: `${articlesUrl}/42` });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path: 'params.id', message: 'Invalid UUID' }]);
    });
  });

  describe('GET /v1/articles', () => {
    it('returns 200 with an empty page when there are no articles', async () => {
      const response = await list();

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ data: [], total: 0, page: 1, limit: 20, totalPages: 0 });
    });

    it('returns 200 with { data, total, page, limit, totalPages }', async () => {
      const article = await createArticle();

      expect((await list()).json()).toEqual({ data: [article], total: 1, page: 1, limit: 20, totalPages: 1 });
    });

    it('returns the first 20, newest first, by default', async () => {
      const rows = [];
      for (let i = 0; i < 20; i++) rows.push(await createArticle());
      await new Promise((resolve) => setTimeout(resolve, 5)); // the newest's createdAt must not tie (same millisecond)
      rows.push(await createArticle());

      const body = (await list()).json();

      expect(body).toMatchObject({ total: 21, page: 1, limit: 20, totalPages: 2 });
      expect(body.data).toHaveLength(20);
      expect(body.data[0].id).toBe(rows[20].id);
    });

    it('casts page and limit from the query string', async () => {
      for (let i = 0; i < 5; i++) await createArticle();
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
      const first = await createArticle();
      await new Promise((resolve) => setTimeout(resolve, 5)); // so that the two createdAt cannot tie
      const second = await createArticle();

      expect(await ids()).toEqual([second.id, first.id]);
      expect(await ids('?sortBy=createdAt&sortOrder=asc')).toEqual([first.id, second.id]);
      expect(await ids('?sortBy=updatedAt&sortOrder=desc')).toEqual([second.id, first.id]);
    });

    it('sorts by title in either order', async () => {
      const middle = await createArticle({ title: 'B title' });
      const lowest = await createArticle({ title: 'A title' });
      const highest = await createArticle({ title: 'C title' });

      expect(await ids('?sortBy=title&sortOrder=asc')).toEqual([lowest.id, middle.id, highest.id]);
      expect(await ids('?sortBy=title&sortOrder=desc')).toEqual([highest.id, middle.id, lowest.id]);
    });

    it('returns 400 for a sortBy that is not allow-listed, or a sortOrder that is neither asc nor desc', async () => {
      const notListed = await list('?sortBy=summary');

      expectProblem(notListed, 400);
      expect(notListed.json().errors).toEqual([{ path: 'query.sortBy', message: expect.any(String) }]);
      expectProblem(await list('?sortBy=id;DROP TABLE articles'), 400);
      expectProblem(await list('?sortOrder=sideways'), 400);
    });

    it('filters by title: equal, contains', async () => {
      const matching = await createArticle({ title: 'A title' });
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list('?title=B%20title')).json()).toMatchObject({ total: 0, data: [] });
      await createArticle({ title: 'B title' });
      await createArticle({ title: 'C title' });

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

    it('filters by summary: equal, contains', async () => {
      const matching = await createArticle({ summary: 'A summary' });
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list('?summary=B%20summary')).json()).toMatchObject({ total: 0, data: [] });
      await createArticle({ summary: 'B summary' });
      await createArticle({ summary: 'C summary' });

      expect(await ids('?summary=A%20summary')).toEqual([matching.id]);
      // Part of the text, in another case
      expect(await ids('?summary[contains]=A%20S')).toEqual([matching.id]);
      // % and _ stand for themselves, not for any text
      expect(await ids('?summary[contains]=%25')).toEqual([]);
      expect(await ids('?summary[contains]=_')).toEqual([]);

      // A value the field's rules refuse is a 400 naming the parameter.
      const refused = await list('?summary=');
      expectProblem(refused, 400);
      expect(refused.json().errors).toEqual([{ path: 'query.summary', message: expect.any(String) }]);
    });

    it('filters by body: equal, contains', async () => {
      const matching = await createArticle({ body: 'A body' });
      // A filter that matches no row answers an empty page, not a 404.
      expect((await list('?body=B%20body')).json()).toMatchObject({ total: 0, data: [] });
      await createArticle({ body: 'B body' });
      await createArticle({ body: 'C body' });

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

    it('combines filters, and counts only the rows that match them all', async () => {
      await createArticle({ title: 'A title', summary: 'A summary' });
      await createArticle({ title: 'A title', summary: 'B summary' });
      await createArticle({ title: 'B title', summary: 'A summary' });

      expect((await list('?title=A%20title&summary=A%20summary&limit=1')).json()).toMatchObject({
        total: 1,
        totalPages: 1,
      });
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

  describe('PUT /v1/articles/:id', () => {
    it('replaces the whole article: an optional field left out becomes null', async () => {
      const article = await createArticle({ summary: 'B summary' });
      const payload = await replacementArticle();

      const response = await app.inject({ method: 'PUT', url: `${articlesUrl}/${article.id}`, payload });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        ...article,
        ...payload,
        summary: null,
        version: article.version + 1,
        updatedAt: expect.stringMatching(isoDateTime),
      });
    });

    it('returns 400 naming every required field that is missing, even one with a default on create', async () => {
      const article = await createArticle();

      const response = await app.inject({ method: 'PUT', url: `${articlesUrl}/${article.id}`, payload: {} });

      expectProblem(response, 400);
      expect(response.json().errors.map((error: { path: string }) => error.path)).toEqual(['body.title', 'body.body']);
    });

    it('returns 404 when no article has this id', async () => {
      const response = await app.inject({
        method: 'PUT',
        url: `${articlesUrl}/${randomUUID()}`,
        payload: await replacementArticle(),
      });

      expectProblem(response, 404);
    });
  });

  describe('PATCH /v1/articles/:id', () => {
    it('changes the given fields only, and null clears an optional one', async () => {
      const article = await createArticle({ summary: 'B summary' });
      const changes = { title: (await replacementArticle()).title, summary: null };

      const response = await app.inject({ method: 'PATCH', url: `${articlesUrl}/${article.id}`, payload: changes });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        ...article,
        ...changes,
        version: article.version + 1,
        updatedAt: expect.stringMatching(isoDateTime),
      });
    });

    it('moves updatedAt forward (the database trigger), and leaves createdAt', async () => {
      const article = await createArticle({ summary: 'B summary' });
      await new Promise((resolve) => setTimeout(resolve, 5));

      const response = await app.inject({
        method: 'PATCH',
        url: `${articlesUrl}/${article.id}`,
        payload: { title: (await replacementArticle()).title, summary: null },
      });

      const updated = response.json();
      expect(updated.createdAt).toBe(article.createdAt);
      expect(updated.updatedAt).toMatch(isoDateTime);
      expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(article.updatedAt));
    });

    it('returns 400 for an empty body', async () => {
      const article = await createArticle();

      const response = await app.inject({ method: 'PATCH', url: `${articlesUrl}/${article.id}`, payload: {} });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path: 'body', message: 'Expected at least one field to change' }]);
    });

    it('returns 400 for a field that breaks its rule', async () => {
      const article = await createArticle();

      const response = await app.inject({
        method: 'PATCH',
        url: `${articlesUrl}/${article.id}`,
        payload: { title: '' },
      });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([
        { path: 'body.title', message: expect.stringMatching(/Too small: expected string to have >=1 characters/) },
      ]);
    });

    it('returns 404 when no article has this id', async () => {
      const response = await app.inject({
        method: 'PATCH',
        url: `${articlesUrl}/${randomUUID()}`,
        payload: { title: (await replacementArticle()).title, summary: null },
      });

      expectProblem(response, 404);
    });
  });

  describe('DELETE /v1/articles/:id', () => {
    it('returns 204, then 404 for the same article', async () => {
      const article = await createArticle();

      const first = await app.inject({ method: 'DELETE', url: `${articlesUrl}/${article.id}` });
      const second = await app.inject({ method: 'DELETE', url: `${articlesUrl}/${article.id}` });

      expect(first.statusCode).toBe(204);
      expect(first.body).toBe('');
      expectProblem(second, 404);
      expectProblem(await app.inject({ url: `${articlesUrl}/${article.id}` }), 404);
    });
  });

  describe('conditional requests (ETag, If-None-Match, If-Match)', () => {
    it('GET sends the version as ETag, with Cache-Control: private, no-cache; If-None-Match with it is 304', async () => {
      const article = await createArticle();
      const url = `${articlesUrl}/${article.id}`;

      const first = await app.inject({ url });
      const again = await app.inject({ url, headers: { 'if-none-match': first.headers.etag } });

      expect(first.headers.etag).toBe(`"${article.version}"`);
      expect(first.headers['cache-control']).toBe('private, no-cache');
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers.etag).toBe(first.headers.etag);
    });

    it('GET with an ETag from before a change answers 200 with the new version', async () => {
      const article = await createArticle();
      const url = `${articlesUrl}/${article.id}`;
      const { etag } = (await app.inject({ url })).headers;
      await app.inject({ method: 'PATCH', url, payload: { title: (await replacementArticle()).title, summary: null } });

      const response = await app.inject({ url, headers: { 'if-none-match': etag } });

      expect(response.statusCode).toBe(200);
      expect(response.headers.etag).toBe(`"${article.version + 1}"`);
    });

    it('PUT, PATCH and DELETE with a stale If-Match answer 412 and change nothing', async () => {
      const article = await createArticle();
      const url = `${articlesUrl}/${article.id}`;
      const stale = `"${article.version}"`;
      const changed = await app.inject({
        method: 'PATCH',
        url,
        payload: { title: (await replacementArticle()).title, summary: null },
        headers: { 'if-match': stale },
      });
      expect(changed.statusCode).toBe(200);
      expect(changed.headers.etag).toBe(`"${article.version + 1}"`);

      const writes = [
        { method: 'PUT', payload: await replacementArticle() },
        { method: 'PATCH', payload: { title: (await replacementArticle()).title, summary: null } },
        { method: 'DELETE' },
      ] as const;
      for (const write of writes) {
        const response = await app.inject({ ...write, url, headers: { 'if-match': stale } });

        expectProblem(response, 412);
        expect(response.json().detail).toBe(
          `Article ${article.id} has changed since it was read: get it again for its ETag`,
        );
      }
      expect((await app.inject({ url })).json()).toEqual(changed.json());
    });

    it('PUT, PATCH and DELETE with the current If-Match (or *) go through', async () => {
      const article = await createArticle();
      const url = `${articlesUrl}/${article.id}`;

      const replaced = await app.inject({
        method: 'PUT',
        url,
        payload: await replacementArticle(),
        headers: { 'if-match': '"1"' },
      });
      const updated = await app.inject({
        method: 'PATCH',
        url,
        payload: { title: (await replacementArticle()).title, summary: null },
        headers: { 'if-match': '"1", "2"' },
      });
      const deleted = await app.inject({ method: 'DELETE', url, headers: { 'if-match': '*' } });

      expect([replaced.statusCode, updated.statusCode, deleted.statusCode]).toEqual([200, 200, 204]);
      expect(updated.headers.etag).toBe('"3"');
    });

    it('of two writes with the same If-Match at once, one succeeds and the other gets 412: no lost update', async () => {
      const article = await createArticle();
      const url = `${articlesUrl}/${article.id}`;
      const write = async () =>
        app.inject({
          method: 'PATCH',
          url,
          payload: { title: (await replacementArticle()).title, summary: null },
          headers: { 'if-match': '"1"' },
        });

      const responses = await Promise.all([write(), write()]);

      expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 412]);
    });

    it('a weak ETag never lets a write through (If-Match compares strongly)', async () => {
      const article = await createArticle();

      const response = await app.inject({
        method: 'DELETE',
        url: `${articlesUrl}/${article.id}`,
        headers: { 'if-match': 'W/"1"' },
      });

      expectProblem(response, 412);
    });

    it('returns 404, not 412, with If-Match when no article has this id', async () => {
      const response = await app.inject({
        method: 'DELETE',
        url: `${articlesUrl}/${randomUUID()}`,
        headers: { 'if-match': '"1"' },
      });

      expectProblem(response, 404);
    });

    it('lists and errors say Cache-Control: no-store', async () => {
      const list = await app.inject({ url: articlesUrl });
      const missing = await app.inject({ url: `${articlesUrl}/${randomUUID()}` });

      expect(list.headers['cache-control']).toBe('no-store');
      expect(missing.headers['cache-control']).toBe('no-store');
    });
  });

  it.skipIf(searchIsOn)(
    'answers a search with 503 while search is off (no ELASTICSEARCH_URL), and still checks q',
    async () => {
      expectProblem(await list('?q=kubernetes'), 503);
      expectProblem(await list('?q=%20%20'), 400);
    },
  );

  it('enqueues the indexing of each write that changes an article, in its transaction', async () => {
    const article = await createArticle({ title: 'Kubernetes in practice' });
    const url = `${articlesUrl}/${article.id}`;
    expect((await app.inject({ method: 'PUT', url, payload: await replacementArticle() })).statusCode).toBe(200);
    expect((await app.inject({ method: 'PATCH', url, payload: { title: 'Kubernetes at scale' } })).statusCode).toBe(
      200,
    );
    expect(
      (await app.inject({ method: 'PATCH', url, payload: { title: 'Kubernetes' }, headers: { 'if-match': '"1"' } }))
        .statusCode,
    ).toBe(412);
    expect((await app.inject({ method: 'DELETE', url })).statusCode).toBe(204);
    expect((await app.inject({ method: 'DELETE', url })).statusCode).toBe(404);

    // One job per write that changed the row, none for those that did not (a stale If-Match, a row already gone).
    const enqueued = (await waitingPayloads(searchIndexJob)).filter((payload) => payload.id === article.id);
    expect(enqueued).toEqual(Array.from({ length: 4 }, () => ({ table: 'articles', id: article.id })));
  });

  describe.skipIf(!searchIsOn)('search, in Elasticsearch', () => {
    // Each test starts from an empty index, as from an empty database.
    beforeEach(() => clearSearchIndex(articlesSearchIndex));

    /** A list, once the search-index jobs of the test's writes have run (no worker runs in the tests). */
    async function listIndexed(query: string) {
      await runSearchIndexJobs(articlesSearchIndex);
      return list(query);
    }

    /** The ids a search finds, in the order it ranks them; `more` is the rest of the query string. */
    const search = async (q: string, more = '') =>
      (await listIndexed(`?q=${encodeURIComponent(q)}${more}`)).json().data.map((row: { id: string }) => row.id);

    /** Makes `count` articles whose title is `text` and a number, one after the other. */
    async function searchCorpus(count: number, text: string) {
      const made: { id: string }[] = [];
      for (let n = 1; n <= count; n += 1) made.push(await createArticle({ title: `${text} (${n})` }));
      return made;
    }

    it('ranks a match in title above a match only in body', async () => {
      const inLower = await createArticle({
        title: 'Notes from the conference',
        body: 'A long talk about Kubernetes operators',
      });
      const inTop = await createArticle({ title: 'Kubernetes in practice', body: 'Notes from a long week of work' });

      expect(await search('kubernetes')).toEqual([inTop.id, inLower.id]);
    });

    it('ranks a rare word above a common one, as a search engine does', async () => {
      await searchCorpus(90, 'Database tuning notes');
      const common = await createArticle({ title: 'Database history' });
      const rare = await createArticle({ title: 'Zeppelin history' });

      const found = await search('zeppelin OR database', '&limit=100');

      expect(found[0]).toBe(rare.id);
      expect(found).toContain(common.id);
    });

    it('finds misspelt words, a letter or two off', async () => {
      const kubernetes = await createArticle({ title: 'Kubernetes in practice' });
      await createArticle({ title: 'Baking bread at home' });

      expect(await search('kubernets')).toEqual([kubernetes.id]);
      expect(await search('kubernetis')).toEqual([kubernetes.id]); // a misspelling that stemming does not undo
      expect(await search('zzyzx')).toEqual([]);
    });

    it('finds the last word as the start of a longer one, for type-ahead', async () => {
      const kubernetes = await createArticle({ title: 'Kubernetes in practice' });
      await createArticle({ title: 'Baking bread at home' });

      const response = await listIndexed('?q=kube&highlight=true');

      expect(response.json().data.map((row: { id: string }) => row.id)).toEqual([kubernetes.id]);
      // Marked as a match of the query, not found as a guess at a misspelling, which marks nothing.
      expect(response.json().data[0].highlights.title).toContain('<mark>Kubernetes</mark>');
    });

    it('ignores accents and case', async () => {
      const café = await createArticle({ title: 'Café culture in Paris' });
      const cafe = await createArticle({ title: 'Cafe racers and motorcycles' });

      expect(new Set(await search('cafe'))).toEqual(new Set([café.id, cafe.id]));
      expect(new Set(await search('CAFÉ'))).toEqual(new Set([café.id, cafe.id]));
    });

    it('reads quotes as a phrase and -word as an exclusion', async () => {
      const phrase = await createArticle({ title: 'Big data pipelines' });
      const apart = await createArticle({ title: 'Data that is big' });

      expect(await search('"big data"')).toEqual([phrase.id]);
      expect(await search('data -pipelines')).toEqual([apart.id]);
      expect(new Set(await search('big data'))).toEqual(new Set([phrase.id, apart.id]));
    });

    it('pages through the matches with the right totals, and combines with filters', async () => {
      await searchCorpus(45, 'Database tuning notes');
      const gardening = await searchCorpus(5, 'Gardening notes');

      const pages = await Promise.all(
        [1, 2, 3].map(async (page) => (await listIndexed(`?q=database&limit=20&page=${page}`)).json()),
      );

      expect(pages.map((page) => [page.total, page.totalPages, page.data.length])).toEqual([
        [45, 3, 20],
        [45, 3, 20],
        [45, 3, 5],
      ]);
      expect(new Set(pages.flatMap((page) => page.data.map((row: { id: string }) => row.id))).size).toBe(45);
      expect(new Set(await search('notes', '&title[contains]=gardening'))).toEqual(
        new Set(gardening.map((row) => row.id)),
      );
    });

    it('ranks by relevance unless sortBy says otherwise', async () => {
      const made = await searchCorpus(3, 'Database tuning notes');
      const best = await createArticle({ title: 'Database, database and database' });

      expect((await search('database'))[0]).toBe(best.id);
      expect(await search('database', '&sortBy=createdAt&sortOrder=asc')).toEqual([
        ...made.map((row) => row.id),
        best.id,
      ]);
    });

    it('highlights the matching words on request, with the text escaped', async () => {
      await createArticle({ title: 'Kubernetes & co: "1 < 2"' });

      const plain = (await listIndexed('?q=kubernetes')).json();
      const highlighted = (await listIndexed('?q=kubernetes&highlight=true')).json();

      expect(plain.data[0]).not.toHaveProperty('highlights');
      const highlight: string = highlighted.data[0].highlights.title;
      expect(highlight).toContain('<mark>Kubernetes</mark>');
      // Safe to show as HTML: no markup but the marks, every &, <, > and quote of the text escaped.
      expect(highlight.replaceAll(/<\/?mark>/g, '')).not.toMatch(/[<>"']|&(?!#\d+;)/);
    });

    it('refuses a blank or overlong q, and sortBy=relevance without q', async () => {
      expectProblem(await list('?q=%20%20'), 400);
      expectProblem(await list(`?q=${'a'.repeat(201)}`), 400);
      expectProblem(await list('?sortBy=relevance'), 400);
    });
  });

  it('documents its routes in the OpenAPI document, errors as problem+json', async () => {
    const { paths } = (await app.inject({ url: '/docs/json' })).json();
    const collection = paths['/v1/articles'];
    const one = paths['/v1/articles/{id}'];

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
  });
});
