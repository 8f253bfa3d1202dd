import { createServer } from 'node:net';
import { stripVTControlCharacters } from 'node:util';
import { execa, type ResultPromise } from 'execa';

/** A port nobody is listening on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Polls `url` until it answers, or fails after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs = 30_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await fetch(url);
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms: ${String(lastError)}`);
}

/**
 * Runs a command in the generated project and fails the test with its output when it fails. The command does
 * not inherit the test runner's NODE_ENV=test: it runs as a developer would, in development unless told.
 */
export async function runIn(
  cwd: string,
  command: string,
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<string> {
  const result = await execa(command, args, {
    cwd,
    env: { NODE_ENV: undefined, ...env },
    all: true,
    reject: false,
    stdin: 'ignore',
  });
  if (result.exitCode !== 0) {
    throw new Error(`\`${command} ${args.join(' ')}\` failed with exit code ${result.exitCode}:\n${result.all ?? ''}`);
  }
  return stripVTControlCharacters(result.all ?? '');
}

export type Started = ResultPromise<{ all: true; reject: false }>;
