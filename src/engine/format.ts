import { Worker } from 'node:worker_threads';
import type { Tree } from './tree.js';

/**
 * Runs Prettier, with the project's own .prettierrc.json, on the files marked as needing it. Templates are
 * kept formatted already (the generated-project tests check it), so a plain scaffold marks nothing and never
 * pays for loading Prettier; AST edits and generated sources mark what they write.
 */
export async function formatTree(tree: Tree): Promise<void> {
  const pending = tree.entries().filter((entry) => entry.needsFormatting);
  if (pending.length === 0) return;
  const prettier = await import('prettier');
  const config = tree.exists('.prettierrc.json') ? (JSON.parse(tree.read('.prettierrc.json')) as object) : {};
  for (const entry of pending) {
    const formatted = await prettier.format(tree.read(entry.path), { ...config, filepath: entry.path });
    tree.overwrite(entry.path, formatted);
    entry.needsFormatting = false;
  }
}

export interface SourceFile {
  path: string;
  content: string;
}

export interface FormatRequest {
  id: number;
  operation: 'format' | 'check';
  files: SourceFile[];
  options: object;
}

export type FormatResponse = { id: number; results: string[]; error?: undefined } | { id: number; error: string };

/**
 * Prettier in a worker thread: `format` and `check` return at once and resolve when the worker is done, so a
 * command can render, format and edit at the same time on two cores. Call `close()` when finished.
 */
export class BackgroundFormatter {
  private readonly worker = new Worker(new URL('./format-worker.js', import.meta.url));
  private readonly pending = new Map<number, (response: FormatResponse) => void>();
  private nextId = 0;

  constructor(private readonly options: object) {
    this.worker.on('message', (response: FormatResponse) => {
      this.pending.get(response.id)?.(response);
      this.pending.delete(response.id);
    });
  }

  async format(files: SourceFile[]): Promise<SourceFile[]> {
    const results = await this.request('format', files);
    return files.map((file, index) => ({ path: file.path, content: results[index] ?? file.content }));
  }

  /** Whether each file is formatted already. */
  async check(files: SourceFile[]): Promise<boolean[]> {
    return (await this.request('check', files)).map((result) => result === 'true');
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private request(operation: FormatRequest['operation'], files: SourceFile[]): Promise<string[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (response) =>
        response.error === undefined ? resolve(response.results) : reject(new Error(response.error)),
      );
      this.worker.postMessage({ id, operation, files, options: this.options } satisfies FormatRequest);
    });
  }
}
