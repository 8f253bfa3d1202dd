import { afterEach, describe, expect, it } from 'vitest';

import { getTestDatabase, testConfig } from '../../test/helpers.js';
import { type App, buildApp } from '../app.js';
import { createLogger } from '../lib/logger.js';

describe('request log', () => {
  let app: App;
  afterEach(() => app.close());

  async function appWithLogLines(level = 'info') {
    const lines: Record<string, unknown>[] = [];
    const config = testConfig({ LOG_LEVEL: level });
    const logger = createLogger(config, { write: (line: string) => lines.push(JSON.parse(line)) });
    app = await buildApp({ config, logger, database: await getTestDatabase() });
    return lines;
  }

  it('writes one line per request, with its method, URL (query values left out), status and time', async () => {
    const lines = await appWithLogLines();
    app.get('/test/items/:id', async () => 'item');

    await app.inject({ url: '/test/items/1?fields=all', headers: { 'x-request-id': 'one-line' } });

    const requestLines = lines.filter((line) => line.requestId === 'one-line');
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      method: 'GET',
      url: '/test/items/1?fields',
      statusCode: 200,
      responseTime: expect.any(Number),
      remoteAddress: '127.0.0.1',
    });
  });

  it('logs refused and failed requests too', async () => {
    const lines = await appWithLogLines();
    app.post('/test/echo', async (request) => request.body);

    await app.inject({ url: '/no-such-route', headers: { 'x-request-id': 'not-found' } });
    await app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: { 'x-request-id': 'bad-json', 'content-type': 'application/json' },
      payload: '{',
    });

    const completed = (requestId: string) =>
      lines.find((line) => line.requestId === requestId && line.msg === 'request completed');
    expect(completed('not-found')).toMatchObject({ statusCode: 404 });
    expect(completed('bad-json')).toMatchObject({ statusCode: 400 });
  });

  it('writes no query value, which can be a credential (an OAuth callback code) or personal data', async () => {
    const lines = await appWithLogLines();
    app.get('/test/callback', async () => 'signed in');

    await app.inject({
      url: '/test/callback?code=secret-code&state=secret-state&email=ada%40example.com&flag',
      headers: { 'x-request-id': 'callback' },
    });

    const line = lines.find((entry) => entry.requestId === 'callback');
    expect(line).toMatchObject({ url: '/test/callback?code&state&email&flag' });
    expect(JSON.stringify(line)).not.toMatch(/secret-code|secret-state|example\.com/);
  });

  it('writes no header of the request or the response, so no credential', async () => {
    const lines = await appWithLogLines();
    app.get('/test/session', async (_request, reply) => reply.header('set-cookie', 'sid=new-session').send('ok'));

    await app.inject({
      url: '/test/session',
      headers: { 'x-request-id': 'credentials', authorization: 'Bearer secret-token', cookie: 'sid=old-session' },
    });

    const line = lines.find((entry) => entry.requestId === 'credentials');
    expect(line).toMatchObject({ msg: 'request completed', statusCode: 200 });
    expect(JSON.stringify(line)).not.toMatch(/secret-token|old-session|new-session/);
  });

  it('logs the probes at debug, not info, as orchestrators call them every few seconds', async () => {
    const lines = await appWithLogLines('debug');

    for (const url of ['/health', '/ready', '/metrics']) {
      await app.inject({ url, headers: { 'x-request-id': 'probe' } });
    }

    const probeLines = lines.filter((line) => line.requestId === 'probe' && line.msg === 'request completed');
    expect(probeLines.map((line) => [line.level, line.url])).toEqual([
      [20, '/health'],
      [20, '/ready'],
      [20, '/metrics'],
    ]);
  });
});
