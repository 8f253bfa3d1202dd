import { type DestinationStream, type Logger, pino } from 'pino';

import type { Config } from '../config.js';

// Where a secret can reach a log line, path by path: a `password` or `token` field of a logged object, and the
// credential headers of a logged headers object. Requests and responses need no path: Fastify's logger writes
// them through serializers that keep the method, URL and status, never a header. The paths are exact, without
// wildcards: pino then checks only lines that have a `password`, `token` or `headers` key, where a wildcard
// path would make it copy and walk every object of every line, the access log line of each request included.
const redactedPaths = ['password', 'token', 'headers.authorization', 'headers.cookie', 'headers["set-cookie"]'];

// The stdout destination of each logger createLogger made, for endLogging.
const stdoutDestinations = new WeakMap<Logger, ReturnType<typeof pino.destination>>();

/** JSON lines in production and tests; colourful, readable lines (pino-pretty) in development. */
export function createLogger(config: Pick<Config, 'NODE_ENV' | 'LOG_LEVEL'>, destination?: DestinationStream): Logger {
  const options = { level: config.LOG_LEVEL, redact: { paths: redactedPaths, censor: '[redacted]' } };
  if (config.NODE_ENV === 'development' && !destination) {
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' } },
    });
  }
  if (destination) return pino(options, destination);
  // What pino writes to by default: stdout, in the background, so that a request never waits on a write.
  const stdout = pino.destination({ dest: 1, sync: false });
  const logger = pino(options, stdout);
  stdoutDestinations.set(logger, stdout);
  return logger;
}

/**
 * Waits until every line logged so far is written, and ends the logger: the last step of a process that exits.
 * At exit, pino writes what is left at once, which could overtake a write still under way, and the last lines of a
 * stopping process (which say why and how it stopped) would come out of order. Nothing may be logged afterwards.
 */
export function endLogging(logger: Logger): Promise<void> {
  const stdout = stdoutDestinations.get(logger);
  // A transport (pino-pretty) or a destination of the caller's own: its flush waits for what is under way.
  if (!stdout) return new Promise((resolve) => logger.flush(() => resolve()));
  // sonic-boom's flush does not wait for a write under way; end does, then writes the rest, then closes.
  return new Promise((resolve) => {
    stdout.once('close', resolve);
    stdout.end();
  });
}

export type { Logger };
