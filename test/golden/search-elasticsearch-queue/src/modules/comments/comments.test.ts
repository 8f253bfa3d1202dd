import { randomUUID } from 'node:crypto';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { buildTestApp, expectProblem, getTestDatabase, resetDatabase } from '../../../test/helpers.js';
import { waitingPayloads } from '../../../test/jobs.js';
import { runSearchIndexJobs } from '../../../test/search-jobs.js';
import { clearSearchIndex, searchIsOn } from '../../../test/search.js';
import type { App } from '../../app.js';
import { searchIndexJob } from '../../jobs/search-index.job.js';
import { commentsSearchIndex } from './comments.repository.js';

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A row made through the API for a test: its id, and its URL (the Location header of its POST). */
interface Created {
  id: string;
  url: string;
}

describe('comments', () => {
  let app: App;
  let article: Created;
  let commentsUrl: string;

  beforeEach(async () => {
    await resetDatabase(await getTestDatabase());
    app = await buildTestApp();
    article = await postArticle();
    commentsUrl = `/v1/articles/${article.id}/comments`;
  });
  afterEach(() => app.close());

  /** POSTs a valid body, checks that it was created, and returns the row's id and URL. */
  async function post(url: string, payload: object): Promise<Created> {
    const response = await app.inject({ method: 'POST', url, payload });
    expect(response.statusCode).toBe(201);
    return { id: response.json().id, url: response.headers.location as string };
  }

  /** Makes an article through the API, with the fields it requires. */
  async function postArticle(): Promise<Created> {
    return post('/v1/articles', { title: 'A title', body: 'A body' });
  }

  /** A valid POST body; `fields` override or add to it. */
  async function validComment(fields: Record<string, unknown> = {}) {
    return { body: 'A body', ...fields };
  }

  /** A valid PUT body: every field but the optional ones, with other values than validComment's. */
  async function replacementComment() {
    return { body: 'B body' };
  }

  /** Creates a comment through the API (in the test's article, unless `url` says otherwise), and returns it. */
  async function createComment(fields: Record<string, unknown> = {}, url = commentsUrl) {
    const response = await app.inject({ method: 'POST', url, payload: await validComment(fields) });
    expect(response.statusCode).toBe(201);
    return response.json();
  }

  const list = (query = '') => app.inject({ url: `${commentsUrl}${query}` });
  const ids = async (query = '') => (await list(query)).json().data.map((row: { id: string }) => row.id);

  describe('POST /v1/articles/:articleId/comments', () => {
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
        articleId: article.id,
        version: 1,
        createdAt: expect.stringMatching(isoDateTime),
        updatedAt: comment.createdAt,
      });
    });

    it('keeps every field it is given', async () => {
      const payload = await validComment({ body: 'B body' });

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
    ])('returns 400 naming the field for %s', async (_, fields, path, message) => {
      const response = await app.inject({ method: 'POST', url: commentsUrl, payload: await validComment(fields) });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path, message: expect.stringMatching(message) }]);
    });
  });

  describe('GET /v1/articles/:articleId/comments/:id', () => {
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

  describe('GET /v1/articles/:articleId/comments', () => {
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

    it('returns 400 for an unknown query parameter, such as a misspelt filter, or an unknown operator', async () => {
      const response = await list('?unknownField=1');

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path: 'query', message: 'Unrecognized key: "unknownField"' }]);
      const unknownOperator = await list('?body[foo]=1');
      expectProblem(unknownOperator, 400);
      expect(unknownOperator.json().errors).toEqual([{ path: 'query', message: 'Unrecognized key: "body[foo]"' }]);
    });
  });

  describe('PUT /v1/articles/:articleId/comments/:id', () => {
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
      expect(response.json().errors.map((error: { path: string }) => error.path)).toEqual(['body.body']);
    });

    it('returns 404 when no comment has this id', async () => {
      const response = await app.inject({
        method: 'PUT',
        url: `${commentsUrl}/${randomUUID()}`,
        payload: await replacementComment(),
      });

      expectProblem(response, 404);
    });
  });

  describe('PATCH /v1/articles/:articleId/comments/:id', () => {
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
  });

  describe('DELETE /v1/articles/:articleId/comments/:id', () => {
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

  describe('inside an article', () => {
    it('returns 404 naming the article when it does not exist, on every route', async () => {
      const comment = await createComment();
      const missing = randomUUID();
      const url = `/v1/articles/${missing}/comments`;
      const detail = `Article ${missing} does not exist`;

      const responses = [
        await app.inject({ url }),
        await app.inject({ method: 'POST', url, payload: await validComment() }),
        await app.inject({ url: `${url}/${comment.id}` }),
        await app.inject({ method: 'PUT', url: `${url}/${comment.id}`, payload: await replacementComment() }),
        await app.inject({
          method: 'PATCH',
          url: `${url}/${comment.id}`,
          payload: { body: (await replacementComment()).body },
        }),
        await app.inject({ method: 'DELETE', url: `${url}/${comment.id}` }),
      ];

      for (const response of responses) {
        expectProblem(response, 404);
        expect(response.json().detail).toBe(detail);
      }
      expect((await app.inject({ url: `${commentsUrl}/${comment.id}` })).json()).toEqual(comment);
    });

    it('returns 404 for a comment of another article, on every route', async () => {
      const other = await postArticle();
      const comment = await createComment({}, `/v1/articles/${other.id}/comments`);
      const url = `${commentsUrl}/${comment.id}`;

      expectProblem(await app.inject({ url }), 404);
      expectProblem(await app.inject({ method: 'PUT', url, payload: await replacementComment() }), 404);
      expectProblem(
        await app.inject({ method: 'PATCH', url, payload: { body: (await replacementComment()).body } }),
        404,
      );
      expectProblem(await app.inject({ method: 'DELETE', url }), 404);
    });

    it("lists and counts only this article's comments", async () => {
      const other = await postArticle();
      await createComment({}, `/v1/articles/${other.id}/comments`);
      const comment = await createComment();

      expect((await list()).json()).toMatchObject({ total: 1, data: [{ id: comment.id }] });
    });

    it('returns 400 for articleId in the body: the article comes from the path', async () => {
      const response = await app.inject({
        method: 'POST',
        url: commentsUrl,
        payload: await validComment({ articleId: article.id }),
      });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([{ path: 'body', message: 'Unrecognized key: "articleId"' }]);
    });

    it('returns 400 naming each path parameter that is not a uuid', async () => {
      const response = await app.inject({ url: '/v1/articles/1/comments/2' });

      expectProblem(response, 400);
      expect(response.json().errors).toEqual([
        { path: 'params.articleId', message: 'Invalid UUID' },
        { path: 'params.id', message: 'Invalid UUID' },
      ]);
    });

    it("is deleted with its article (ON DELETE CASCADE), and no other article's", async () => {
      const other = await postArticle();
      const kept = await createComment({}, `/v1/articles/${other.id}/comments`);
      await createComment();

      expect((await app.inject({ method: 'DELETE', url: article.url })).statusCode).toBe(204);

      const { db } = await getTestDatabase();
      expect(await db.selectFrom('comments').select('id').execute()).toEqual([{ id: kept.id }]);
    });
  });

  it.skipIf(searchIsOn)(
    'answers a search with 503 while search is off (no ELASTICSEARCH_URL), and still checks q',
    async () => {
      expectProblem(await list('?q=kubernetes'), 503);
      expectProblem(await list('?q=%20%20'), 400);
    },
  );

  it('enqueues the indexing of each write that changes a comment, in its transaction', async () => {
    const comment = await createComment({ body: 'Kubernetes in practice' });
    const url = `${commentsUrl}/${comment.id}`;
    expect((await app.inject({ method: 'PUT', url, payload: await replacementComment() })).statusCode).toBe(200);
    expect((await app.inject({ method: 'PATCH', url, payload: { body: 'Kubernetes at scale' } })).statusCode).toBe(200);
    expect(
      (await app.inject({ method: 'PATCH', url, payload: { body: 'Kubernetes' }, headers: { 'if-match': '"1"' } }))
        .statusCode,
    ).toBe(412);
    expect((await app.inject({ method: 'DELETE', url })).statusCode).toBe(204);
    expect((await app.inject({ method: 'DELETE', url })).statusCode).toBe(404);

    // One job per write that changed the row, none for those that did not (a stale If-Match, a row already gone).
    const enqueued = (await waitingPayloads(searchIndexJob)).filter((payload) => payload.id === comment.id);
    expect(enqueued).toEqual(Array.from({ length: 4 }, () => ({ table: 'comments', id: comment.id })));
  });

  describe.skipIf(!searchIsOn)('search, in Elasticsearch', () => {
    // Each test starts from an empty index, as from an empty database.
    beforeEach(() => clearSearchIndex(commentsSearchIndex));

    /** A list, once the search-index jobs of the test's writes have run (no worker runs in the tests). */
    async function listIndexed(query: string) {
      await runSearchIndexJobs(commentsSearchIndex);
      return list(query);
    }

    /** The ids a search finds, in the order it ranks them; `more` is the rest of the query string. */
    const search = async (q: string, more = '') =>
      (await listIndexed(`?q=${encodeURIComponent(q)}${more}`)).json().data.map((row: { id: string }) => row.id);

    /** Makes `count` comments whose body is `text` and a number, one after the other. */
    async function searchCorpus(count: number, text: string) {
      const made: { id: string }[] = [];
      for (let n = 1; n <= count; n += 1) made.push(await createComment({ body: `${text} (${n})` }));
      return made;
    }

    it('ranks a rare word above a common one, as a search engine does', async () => {
      await searchCorpus(90, 'Database tuning notes');
      const common = await createComment({ body: 'Database history' });
      const rare = await createComment({ body: 'Zeppelin history' });

      const found = await search('zeppelin OR database', '&limit=100');

      expect(found[0]).toBe(rare.id);
      expect(found).toContain(common.id);
    });

    it('finds misspelt words, a letter or two off', async () => {
      const kubernetes = await createComment({ body: 'Kubernetes in practice' });
      await createComment({ body: 'Baking bread at home' });

      expect(await search('kubernets')).toEqual([kubernetes.id]);
      expect(await search('kubernetis')).toEqual([kubernetes.id]); // a misspelling that stemming does not undo
      expect(await search('zzyzx')).toEqual([]);
    });

    it('finds the last word as the start of a longer one, for type-ahead', async () => {
      const kubernetes = await createComment({ body: 'Kubernetes in practice' });
      await createComment({ body: 'Baking bread at home' });

      const response = await listIndexed('?q=kube&highlight=true');

      expect(response.json().data.map((row: { id: string }) => row.id)).toEqual([kubernetes.id]);
      // Marked as a match of the query, not found as a guess at a misspelling, which marks nothing.
      expect(response.json().data[0].highlights.body).toContain('<mark>Kubernetes</mark>');
    });

    it('ignores accents and case', async () => {
      const café = await createComment({ body: 'Café culture in Paris' });
      const cafe = await createComment({ body: 'Cafe racers and motorcycles' });

      expect(new Set(await search('cafe'))).toEqual(new Set([café.id, cafe.id]));
      expect(new Set(await search('CAFÉ'))).toEqual(new Set([café.id, cafe.id]));
    });

    it('reads quotes as a phrase and -word as an exclusion', async () => {
      const phrase = await createComment({ body: 'Big data pipelines' });
      const apart = await createComment({ body: 'Data that is big' });

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
      expect(new Set(await search('notes', '&body[contains]=gardening'))).toEqual(
        new Set(gardening.map((row) => row.id)),
      );
    });

    it('ranks by relevance unless sortBy says otherwise', async () => {
      const made = await searchCorpus(3, 'Database tuning notes');
      const best = await createComment({ body: 'Database, database and database' });

      expect((await search('database'))[0]).toBe(best.id);
      expect(await search('database', '&sortBy=createdAt&sortOrder=asc')).toEqual([
        ...made.map((row) => row.id),
        best.id,
      ]);
    });

    it('highlights the matching words on request, with the text escaped', async () => {
      await createComment({ body: 'Kubernetes & co: "1 < 2"' });

      const plain = (await listIndexed('?q=kubernetes')).json();
      const highlighted = (await listIndexed('?q=kubernetes&highlight=true')).json();

      expect(plain.data[0]).not.toHaveProperty('highlights');
      const highlight: string = highlighted.data[0].highlights.body;
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
    const collection = paths['/v1/articles/{articleId}/comments'];
    const one = paths['/v1/articles/{articleId}/comments/{id}'];

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
