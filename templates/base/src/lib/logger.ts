import { type DestinationStream, type Logger, pino } from 'pino';

import type { Config } from '../config.js';

// Values that must never reach a log line, wherever they appear in a logged object.
const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'password',
  '*.password',
  'token',
  '*.token',
];

/** JSON lines in production and tests; colourful, readable lines (pino-pretty) in development. */
export function createLogger(config: Pick<Config, 'NODE_ENV' | 'LOG_LEVEL'>, destination?: DestinationStream): Logger {
  const options = { level: config.LOG_LEVEL, redact: { paths: redactedPaths, censor: '[redacted]' } };
  if (config.NODE_ENV === 'development' && !destination) {
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' } },
    });
  }
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
