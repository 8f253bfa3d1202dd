import { type DestinationStream, type Logger, pino } from 'pino';

import type { Config } from '../config.js';

// Where a secret can reach a log line, path by path: a `password` or `token` field of a logged object, and the
// credential headers of a logged headers object. Requests and responses need no path: Fastify's logger writes
// them through serializers that keep the method, URL and status, never a header. The paths are exact, without
// wildcards: pino then checks only lines that have a `password`, `token` or `headers` key, where a wildcard
// path would make it copy and walk every object of every line, the access log line of each request included.
const redactedPaths = ['password', 'token', 'headers.authorization', 'headers.cookie', 'headers["set-cookie"]'];

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
