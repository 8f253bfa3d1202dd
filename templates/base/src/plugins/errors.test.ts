import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { buildTestApp, getTestDatabase, resetDatabase, testConfig } from '../../test/helpers.js';
import { type App, buildApp } from '../app.js';
import { connectDatabase, type DatabaseConnection } from '../db/connection.js';
import {
  ConflictError,
  ForbiddenError,
  NotAuthenticatedError,
  NotFoundError,
  StaleVersionError,
  UnavailableError,
  UnknownReferenceError,
} from '../lib/errors.js';
import { createLogger } from '../lib/logger.js';

const problemJson = /^application\/problem\+json/;

describe('error responses', () => {
  let app: App;
  beforeEach(async () => {
    app = await buildTestApp();
  });
  afterEach(() => app.close());

  it('answers an unknown route with a problem+json 404', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/nothing-here?secret=1' });

    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(problemJson);
    expect(response.json()).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'No route matches GET /v1/nothing-here',
      instance: '/v1/nothing-here',
      requestId: response.headers['x-request-id'],
    });
  });

  it('answers invalid input with 400 and one { path, message } per problem', async () => {
    // Request bodies are strict objects: an unknown field (often a typo) is an error, not silently dropped.
    app.post(
      '/test/people',
      { schema: { body: z.strictObject({ name: z.string().min(1), email: z.email(), age: z.number().int() }) } },
      async () => 'created',
    );

    const response = await app.inject({
      method: 'POST',
      url: '/test/people',
      payload: { name: '', email: 'not-an-email', age: 30, nickname: 'x' },
    });

    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(problemJson);
    const body = response.json();
    expect(body).toMatchObject({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'The request body is invalid',
      instance: '/test/people',
      requestId: response.headers['x-request-id'],
    });
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { path: 'body.name', message: expect.any(String) },
        { path: 'body.email', message: expect.any(String) },
        { path: 'body', message: expect.stringContaining('nickname') },
      ]),
    );
  });

  it.each([
    { part: 'query string', url: '/test/items/1?limit=500', headers: {}, path: 'query.limit' },
    { part: 'path parameters', url: '/test/items/one', headers: {}, path: 'params.id' },
    { part: 'request headers', url: '/test/items/1', headers: { 'x-tenant': '' }, path: 'headers.x-tenant' },
  ])('names the invalid field of the $part', async ({ part, url, headers, path }) => {
    app.get(
      '/test/items/:id',
      {
        schema: {
          params: z.object({ id: z.coerce.number().int() }),
          querystring: z.object({ limit: z.coerce.number().int().max(100).optional() }),
          headers: z.object({ 'x-tenant': z.string().min(1).optional() }),
        },
      },
      async () => 'ok',
    );

    const response = await app.inject({ url, headers });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      detail: expect.stringContaining(part),
      errors: [{ path, message: expect.any(String) }],
    });
  });

  it('reports a semantic or conditional rule at the field it concerns', async () => {
    app.post(
      '/test/trips',
      {
        schema: {
          body: z
            .strictObject({ bookedOn: z.iso.date(), startsOn: z.iso.date(), endsOn: z.iso.date() })
            .refine(({ bookedOn }) => new Date(bookedOn) <= new Date(), {
              path: ['bookedOn'],
              message: 'must not be in the future',
            })
            .refine(({ startsOn, endsOn }) => endsOn >= startsOn, {
              path: ['endsOn'],
              message: 'must not be before startsOn',
            }),
        },
      },
      async () => 'booked',
    );

    const response = await app.inject({
      method: 'POST',
      url: '/test/trips',
      payload: { bookedOn: '2999-01-01', startsOn: '2026-05-02', endsOn: '2026-05-01' },
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { path: 'body.bookedOn', message: 'must not be in the future' },
      { path: 'body.endsOn', message: 'must not be before startsOn' },
    ]);
  });

  it('keeps the 4xx status of errors Fastify raises itself, such as malformed JSON', async () => {
    app.post('/test/echo', async (request) => request.body);

    const response = await app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });

    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(problemJson);
    expect(response.json()).toMatchObject({ status: 400, requestId: expect.any(String) });
  });

  it.each([
    ['text/plain', 'name=Ada'],
    ['application/x-www-form-urlencoded', 'name=Ada'],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nAda\r\n--x--'],
  ])('answers a %s body with 415, naming the type it takes: JSON', async (contentType, payload) => {
    app.post('/test/echo', async (request) => request.body);

    const response = await app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: { 'content-type': contentType },
      payload,
    });

    expect(response.statusCode).toBe(415);
    expect(response.headers['content-type']).toMatch(problemJson);
    expect(response.json().detail).toBe('The request body must be JSON, sent with Content-Type: application/json');
  });

  it('answers a body larger than BODY_LIMIT_BYTES with 413', async () => {
    await app.close();
    app = await buildTestApp({ BODY_LIMIT_BYTES: '100' });
    app.post('/test/echo', async (request) => request.body);

    const response = await app.inject({ method: 'POST', url: '/test/echo', payload: { text: 'x'.repeat(200) } });

    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ status: 413, title: 'Payload Too Large' });
  });

  it.each([
    { error: new NotAuthenticatedError('The access token has expired'), status: 401 },
    { error: new ForbiddenError('Only admins may do this'), status: 403 },
    { error: new NotFoundError('Task 42 does not exist'), status: 404 },
    { error: new ConflictError('An account with this email already exists'), status: 409 },
    { error: new StaleVersionError('Task 42 has changed since it was read'), status: 412 },
    { error: new UnavailableError('The identity provider cannot be reached'), status: 503 },
  ])('answers a $error.name thrown by a service with $status and its message', async ({ error, status }) => {
    app.get('/test/tasks/:id', async (_request, reply) => {
      reply.header('cache-control', 'private, no-cache'); // as an entity's GET says, before its service throws
      throw error;
    });

    const response = await app.inject({ url: '/test/tasks/42' });

    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(problemJson);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json()).toMatchObject({
      status,
      detail: error.message,
      instance: '/test/tasks/42',
    });
  });

  it('answers 503 with Retry-After while the database cannot be reached, so that a client knows to try again', async () => {
    // A server that refuses connections: nothing listens on port 1.
    const unreachable = await connectDatabase({ DATABASE_URL: 'postgres://app@127.0.0.1:1/app', DATABASE_POOL_MAX: 1 });
    app.get('/test/rows', async () => {
      await sql`select 1`.execute(unreachable.db);
    });

    const response = await app.inject({ url: '/test/rows' });
    await unreachable.close();

    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.headers['content-type']).toMatch(problemJson);
    expect(response.json().detail).toBe('The database cannot be reached at the moment; try again shortly');
  });

  it('answers an UnavailableError with 503 and Retry-After as well', async () => {
    app.get('/test/login', async () => {
      throw new UnavailableError('The identity provider cannot be reached');
    });

    const response = await app.inject({ url: '/test/login' });

    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
  });

  it('answers an UnknownReferenceError with 422 naming the field, exactly as a foreign key to no row', async () => {
    app.post('/test/tasks', async () => {
      throw new UnknownReferenceError('projectId');
    });

    const response = await app.inject({ method: 'POST', url: '/test/tasks', payload: {} });

    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toMatch(problemJson);
    expect(response.json()).toMatchObject({
      detail: 'A referenced resource does not exist',
      errors: [{ path: 'body.projectId', message: 'does not exist' }],
    });
  });
});

describe('unexpected errors', () => {
  it('answers 500 "Something went wrong" with the request id, leaking nothing, and logs the full error', async () => {
    const lines: string[] = [];
    const config = testConfig({ LOG_LEVEL: 'error' });
    const logger = createLogger(config, { write: (line: string) => lines.push(line) });
    const app = await buildApp({ config, logger, database: await getTestDatabase() });
    app.get('/test/crash', async () => {
      throw new Error('connect to 10.0.0.7 failed, password=hunter2');
    });
    app.get('/test/bad-query', async () => {
      // A real database error (undefined table), whose message names the table.
      await sql`SELECT * FROM internal_payroll_ledger`.execute((await getTestDatabase()).db);
    });

    for (const url of ['/test/crash', '/test/bad-query']) {
      const response = await app.inject({ url, headers: { 'x-request-id': 'oops-1' } });

      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({
        type: 'about:blank',
        title: 'Internal Server Error',
        status: 500,
        detail: 'Something went wrong',
        instance: url,
        requestId: 'oops-1',
      });
      expect(response.body).not.toMatch(/hunter2|10\.0\.0\.7|payroll|stack/);
    }
    await app.close();

    expect(lines.join('\n')).toContain('password=hunter2');
    expect(lines.join('\n')).toContain('internal_payroll_ledger');
  });
});

describe('database constraint violations', () => {
  let app: App;
  let database: DatabaseConnection;

  // Throwaway tables, so that the errors come from the real database, as a repository's would.
  beforeAll(async () => {
    database = await getTestDatabase();
    await sql`
      CREATE TABLE test_owners (
        id serial PRIMARY KEY,
        email text NOT NULL CONSTRAINT test_owners_email_key UNIQUE,
        age integer CHECK (age >= 0)
      )
    `.execute(database.db);
    await sql`
      CREATE TABLE test_pets (id serial PRIMARY KEY, owner_id integer NOT NULL REFERENCES test_owners ON DELETE RESTRICT)
    `.execute(database.db);
  });
  afterAll(async () => {
    await sql`DROP TABLE test_pets, test_owners`.execute(database.db);
  });

  beforeEach(async () => {
    await resetDatabase(database);
    app = await buildTestApp({ LOG_LEVEL: 'error' }, database);
    // Routes that pass their input straight to SQL, so that only the database can refuse it.
    app.post('/test/owners', async (request) => {
      const { email, age } = request.body as { email: string; age?: number };
      await sql`INSERT INTO test_owners (email, age) VALUES (${email}, ${age ?? null})`.execute(database.db);
      return 'created';
    });
    app.post('/test/pets', async (request) => {
      const { ownerId } = request.body as { ownerId: number };
      await sql`INSERT INTO test_pets (owner_id) VALUES (${ownerId})`.execute(database.db);
      return 'created';
    });
    app.delete('/test/owners/:id', async (request) => {
      const { id } = request.params as { id: string };
      await sql`DELETE FROM test_owners WHERE id = ${id}`.execute(database.db);
      return 'deleted';
    });
  });
  afterEach(() => app.close());

  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });

  // Nothing about the schema may reach the client: no table, column, constraint or SQL.
  const expectNoSchemaDetails = (body: string) =>
    expect(body).not.toMatch(/test_owners|test_pets|owner_id|_key|_fkey|_check|constraint|Key \(|INSERT|DELETE/i);

  it('answers a unique violation with 409', async () => {
    await post('/test/owners', { email: 'ada@example.com' });

    const response = await post('/test/owners', { email: 'ada@example.com' });

    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toMatch(problemJson);
    expect(response.json()).toMatchObject({ status: 409, title: 'Conflict', requestId: expect.any(String) });
    expectNoSchemaDetails(response.body);
  });

  it('answers a reference to a missing row with 422 naming the field', async () => {
    const response = await post('/test/pets', { ownerId: 999 });

    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ errors: [{ path: 'body.ownerId', message: 'does not exist' }] });
    expectNoSchemaDetails(response.body);
  });

  it('answers deleting a row that others still reference with 409', async () => {
    await post('/test/owners', { email: 'ada@example.com' });
    await post('/test/pets', { ownerId: 1 });

    const response = await app.inject({ method: 'DELETE', url: '/test/owners/1' });

    expect(response.statusCode).toBe(409);
    expectNoSchemaDetails(response.body);
  });

  it('answers a check violation with 422', async () => {
    const response = await post('/test/owners', { email: 'young@example.com', age: -1 });

    expect(response.statusCode).toBe(422);
    expectNoSchemaDetails(response.body);
  });

  it('answers a value of the wrong format for its column with 400', async () => {
    const response = await app.inject({ method: 'DELETE', url: '/test/owners/not-a-number' });

    expect(response.statusCode).toBe(400);
    expectNoSchemaDetails(response.body);
  });
});
