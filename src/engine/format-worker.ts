import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../errors.js';

/**
 * Rendering and Prettier on a second thread. A command starts the worker first thing, so that Prettier loads
 * and the templates render while the main thread reads the project and loads ts-morph: on two cores the two
 * halves overlap. This module is both the main thread's handle (FormatWorker) and the worker's code (below).
 */

export interface SourceText {
  path: string;
  content: string;
}

/** A module (by URL) whose named export, called with `argument`, returns the files to format. */
export interface Renderer {
  module: URL;
  exportName: string;
  /** Plain data: it is copied to the worker thread. */
  argument: unknown;
}

type Job =
  | { operation: 'format'; files: SourceText[] }
  | { operation: 'render-and-format'; module: string; exportName: string; argument: unknown }
  | { operation: 'check'; files: SourceText[] };
type Request = Job & { id: number; options: object };
type WorkerData = { preload: string[] };
type Response = { id: number; files?: SourceText[]; formatted?: boolean[]; error?: string; userError?: boolean };

export class FormatWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (response: Response) => void>();
  private nextId = 0;

  /** `preload`: modules the worker loads as it starts, beside Prettier (the renderer a command will ask for). */
  constructor(preload: readonly URL[] = []) {
    this.worker = new Worker(new URL(import.meta.url), {
      workerData: { preload: preload.map((url) => url.href) } satisfies WorkerData,
    });
    this.worker.on('message', (response: Response) => {
      this.pending.get(response.id)?.(response);
      this.pending.delete(response.id);
    });
  }

  /** The files, formatted with `options` (the project's .prettierrc). */
  async format(files: SourceText[], options: object): Promise<SourceText[]> {
    if (files.length === 0) return [];
    return (await this.request({ operation: 'format', files }, options)).files ?? [];
  }

  /** Renders on the worker thread, then formats what was rendered. */
  async renderAndFormat({ module, exportName, argument }: Renderer, options: object): Promise<SourceText[]> {
    const job: Job = { operation: 'render-and-format', module: module.href, exportName, argument };
    return (await this.request(job, options)).files ?? [];
  }

  /** Whether each file is formatted already. */
  async check(files: SourceText[], options: object): Promise<boolean[]> {
    if (files.length === 0) return [];
    return (await this.request({ operation: 'check', files }, options)).formatted ?? [];
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private request(job: Job, options: object): Promise<Response> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (response) => {
        if (response.error === undefined) resolve(response);
        // A renderer's refusal is the user's to act on, as if it had been raised on this thread.
        else reject(response.userError ? new UserError(response.error) : new Error(response.error));
      });
      this.worker.postMessage({ ...job, id, options } satisfies Request);
    });
  }
}

// Prettier's babel-ts parser loads and runs in about half the time of its typescript parser, and prints the
// same code (a generator test compares the two on every file a resource renders).
const optionsFor = (path: string, options: object) => ({
  ...options,
  filepath: path,
  ...(path.endsWith('.ts') ? { parser: 'babel-ts' } : {}),
});

async function handle(prettier: typeof import('prettier'), request: Request): Promise<Response> {
  const { id, options } = request;
  const format = (files: SourceText[]) =>
    Promise.all(
      files.map(async (file) => ({
        ...file,
        content: await prettier.format(file.content, optionsFor(file.path, options)),
      })),
    );
  switch (request.operation) {
    case 'format':
      return { id, files: await format(request.files) };
    case 'render-and-format': {
      const exports = (await import(request.module)) as Record<string, (argument: unknown) => SourceText[]>;
      const render = exports[request.exportName];
      if (!render) throw new Error(`${request.module} exports no ${request.exportName}`);
      return { id, files: await format(render(request.argument)) };
    }
    case 'check':
      return {
        id,
        formatted: await Promise.all(
          request.files.map((file) => prettier.check(file.content, optionsFor(file.path, options))),
        ),
      };
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  // Load Prettier and its parser, and the modules the command will render with, before the first request arrives.
  for (const module of (workerData as WorkerData).preload) void import(module).catch(() => {});
  const ready = import('prettier').then(async (prettier) => {
    await prettier.format('const warm = 1;\n', optionsFor('warm.ts', {}));
    return prettier;
  });
  port.on('message', (request: Request) => {
    ready
      .then((prettier) => handle(prettier, request))
      .then(
        (response) => port.postMessage(response),
        (error: unknown) =>
          port.postMessage({
            id: request.id,
            error: error instanceof Error ? error.message : String(error),
            userError: error instanceof UserError,
          } satisfies Response),
      );
  });
}
