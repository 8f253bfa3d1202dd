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

    logger.info({ email: 'ada@example.com', password: 'hunter2', token: 'abc.def.ghi' }, 'signed in');
    logger.info(
      { headers: { authorization: 'Bearer abc', cookie: 'sid=1', 'set-cookie': 'sid=2', accept: 'text/html' } },
      'called back',
    );
    logger.debug('not written at info level');

    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'signed in',
      email: 'ada@example.com',
      password: '[redacted]',
      token: '[redacted]',
    });
    expect(lines[1]).toMatchObject({
      headers: {
        authorization: '[redacted]',
        cookie: '[redacted]',
        'set-cookie': '[redacted]',
        accept: 'text/html',
      },
    });
  });
});
