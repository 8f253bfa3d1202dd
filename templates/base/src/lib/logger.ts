import { type DestinationStream, type Logger, pino } from 'pino';

import type { Config } from '../config.js';

// Values that must never reach a log line. pino redacts by path, not by name anywhere: these cover a secret at the
// top of a logged object or one level down (`{ user: { password } }`), and headers under any key (`req`, `res`...).
const redactedPaths = [
  'password',
  '*.password',
  'token',
  '*.token',
  'headers.authorization',
  '*.headers.authorization',
  'headers.cookie',
  '*.headers.cookie',
  'headers["set-cookie"]',
  '*.headers["set-cookie"]',
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
