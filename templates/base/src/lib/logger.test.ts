import { describe, expect, it } from 'vitest';

import { createLogger } from './logger.js';

describe('logger', () => {
  it('writes JSON lines with a level, and redacts passwords, tokens, cookies and authorization headers', () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger(
      { NODE_ENV: 'production', LOG_LEVEL: 'info' },
      {
        write: (line: string) => lines.push(JSON.parse(line)),
      },
    );

    logger.info(
      {
        password: 'hunter2',
        user: { email: 'ada@example.com', token: 'abc.def.ghi' },
        req: { headers: { authorization: 'Bearer abc', cookie: 'sid=1' } },
        res: { headers: { 'set-cookie': 'sid=2' } },
        upstream: { url: 'https://api.example', headers: { authorization: 'Basic xyz' } },
      },
      'signed in',
    );
    logger.debug('not written at info level');

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'signed in',
      password: '[redacted]',
      user: { email: 'ada@example.com', token: '[redacted]' },
      req: { headers: { authorization: '[redacted]', cookie: '[redacted]' } },
      res: { headers: { 'set-cookie': '[redacted]' } },
      upstream: { url: 'https://api.example', headers: { authorization: '[redacted]' } },
    });
  });
});
