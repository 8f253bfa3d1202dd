import { createHash } from 'node:crypto';

export type FileContent = string | Uint8Array;

export interface WriteOptions {
  executable?: boolean;
  needsFormatting?: boolean;
}

export interface TreeEntry {
  path: string;
  content: FileContent;
  /** Executable files (scripts with a shebang) keep their mode on disk. */
  executable: boolean;
  /**
   * Set on files whose text was produced by code (AST edits, generated sources) rather than by a template
   * kept already formatted; formatTree runs Prettier on exactly these.
   */
  needsFormatting: boolean;
}

/**
 * Every change a generator makes is staged here, in memory, before anything touches the disk. Paths are
 * POSIX and relative to the project root. Sinks (the disk, a dry-run listing, a snapshot) read `entries()`.
 */
export class Tree {
  private readonly files = new Map<string, TreeEntry>();

  create(path: string, content: FileContent, options: WriteOptions = {}): void {
    const key = normalize(path);
    if (this.files.has(key)) throw new Error(`Tree: ${key} already exists`);
    this.files.set(key, {
      path: key,
      content,
      executable: options.executable ?? false,
      needsFormatting: options.needsFormatting ?? false,
    });
  }

  overwrite(path: string, content: FileContent, options: WriteOptions = {}): void {
    const entry = this.files.get(normalize(path));
    if (!entry) throw new Error(`Tree: ${path} does not exist`);
    entry.content = content;
    if (options.needsFormatting) entry.needsFormatting = true;
  }

  /** Creates the file, or replaces its content when it is already staged. */
  write(path: string, content: FileContent, options: WriteOptions = {}): void {
    if (this.exists(path)) this.overwrite(path, content, options);
    else this.create(path, content, options);
  }

  markForFormatting(path: string): void {
    const entry = this.files.get(normalize(path));
    if (!entry) throw new Error(`Tree: ${path} does not exist`);
    entry.needsFormatting = true;
  }

  delete(path: string): void {
    if (!this.files.delete(normalize(path))) throw new Error(`Tree: ${path} does not exist`);
  }

  exists(path: string): boolean {
    return this.files.has(normalize(path));
  }

  read(path: string): string {
    const entry = this.files.get(normalize(path));
    if (!entry) throw new Error(`Tree: ${path} does not exist`);
    return typeof entry.content === 'string' ? entry.content : Buffer.from(entry.content).toString('utf8');
  }

  /** Entries sorted by path, so every sink sees the same order. */
  entries(): TreeEntry[] {
    return [...this.files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  paths(): string[] {
    return this.entries().map((entry) => entry.path);
  }
}

export function byteLength(content: FileContent): number {
  return typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
}

export function sha256(content: FileContent): string {
  return createHash('sha256').update(content).digest('hex');
}

function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.replaceAll('\\', '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') throw new Error(`Tree: path ${path} leaves the project`);
    parts.push(part);
  }
  if (parts.length === 0) throw new Error('Tree: empty path');
  return parts.join('/');
}
