import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { buildTestApp } from '../../test/helpers.js';
import type { App } from '../app.js';
import { serializerCompiler } from './response-serializer.js';

describe('response serializer', () => {
  let app: App;
  afterEach(() => app.close());

  const userSchema = z.object({
    id: z.uuid(),
    email: z.email(),
    nickname: z.string().nullable(),
    createdAt: z.iso.datetime(),
  });

  it('sends the fields the response schema names, and nothing else', async () => {
    app = await buildTestApp();
    app.get('/test/user', { schema: { response: { 200: userSchema } } }, async () => ({
      id: '0b7c2f8e-4d1a-4c56-9a0e-2f1d3c4b5a69',
      email: 'ada@example.com',
      nickname: null,
      createdAt: '2026-01-31T09:30:00.000Z',
      // A column the repository read but the API must not show.
      passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$secret',
    }));

    const response = await app.inject({ url: '/test/user' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.json()).toEqual({
      id: '0b7c2f8e-4d1a-4c56-9a0e-2f1d3c4b5a69',
      email: 'ada@example.com',
      nickname: null,
      createdAt: '2026-01-31T09:30:00.000Z',
    });
  });

  it('answers 500, without the body, when a handler leaves out a required field', async () => {
    app = await buildTestApp();
    app.get(
      '/test/user',
      { schema: { response: { 200: userSchema } } },
      async () =>
        ({
          id: '0b7c2f8e-4d1a-4c56-9a0e-2f1d3c4b5a69',
          nickname: 'lovelace',
          createdAt: '2026-01-31T09:30:00.000Z',
        }) as unknown as z.infer<typeof userSchema>,
    );

    const response = await app.inject({ url: '/test/user' });

    expect(response.statusCode).toBe(500);
    // Not a word a request id (hex digits and dashes) could contain by chance.
    expect(response.body).not.toContain('lovelace');
  });

  it('compiles a schema once, however many routes and apps answer with it', () => {
    const compile = (schema: z.ZodType, url = '/test/user') =>
      serializerCompiler({ schema, method: 'GET', url, httpStatus: '200' });

    expect(compile(userSchema)).toBe(compile(userSchema, '/test/other-user'));
    expect(compile(userSchema)).not.toBe(compile(userSchema.partial()));
  });
});
