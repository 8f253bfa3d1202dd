import { parentPort } from 'node:worker_threads';
import type { FormatRequest, FormatResponse } from './format.js';

/**
 * Runs Prettier off the main thread, so that formatting the files a command renders overlaps with the main
 * thread's own work (loading ts-morph and editing the project). One request in, one response out.
 */
parentPort?.on('message', async ({ id, operation, files, options }: FormatRequest) => {
  try {
    const prettier = await import('prettier');
    const results = await Promise.all(
      files.map(async ({ path, content }) =>
        operation === 'format'
          ? await prettier.format(content, { ...options, filepath: path })
          : String(await prettier.check(content, { ...options, filepath: path })),
      ),
    );
    parentPort?.postMessage({ id, results } satisfies FormatResponse);
  } catch (error) {
    parentPort?.postMessage({
      id,
      error: error instanceof Error ? error.message : String(error),
    } satisfies FormatResponse);
  }
});
