import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { describeFsError } from './commit.js';
import { Tree, type WriteOptions } from './tree.js';

export type ChangeKind = 'create' | 'modify' | 'delete';

export interface Change {
  path: string;
  kind: ChangeKind;
  before?: string;
  after?: string;
}

/**
 * A virtual tree over an existing project: files are read from disk when first needed, every change is
 * staged in memory, and `changes()` says what would differ on disk. Nothing is written until `apply()`.
 */
export class ProjectChanges {
  readonly tree = new Tree();
  private readonly originals = new Map<string, string | undefined>();

  /** `readOriginal` gives a file of the project as it is (undefined when there is none): from disk unless told. */
  constructor(
    readonly root: string,
    private readonly readOriginal: (path: string) => string | undefined = (path) => readFromDisk(join(root, path)),
  ) {}

  /** Stages the file as it is on disk (if it exists) and returns whether it exists. */
  load(path: string): boolean {
    if (this.originals.has(path)) return this.tree.exists(path);
    const content = this.readOriginal(path);
    this.originals.set(path, content);
    if (content !== undefined) this.tree.create(path, content);
    return content !== undefined;
  }

  read(path: string): string {
    if (!this.load(path)) throw new UserError(`Expected ${path} in the project, but it does not exist.`);
    return this.tree.read(path);
  }

  create(path: string, content: string, options: WriteOptions = {}): void {
    if (this.load(path)) throw new UserError(`${path} exists already; nothing was written.`);
    this.tree.create(path, content, options);
  }

  /** Replaces a file's content (staging it from disk first). */
  write(path: string, content: string): void {
    this.read(path);
    this.tree.overwrite(path, content);
  }

  delete(path: string): void {
    if (!this.load(path)) return;
    this.tree.delete(path);
  }

  changes(): Change[] {
    const result: Change[] = [];
    for (const [path, before] of [...this.originals].sort(([a], [b]) => a.localeCompare(b))) {
      const after = this.tree.exists(path) ? this.tree.read(path) : undefined;
      if (before === after) continue;
      const kind: ChangeKind = before === undefined ? 'create' : after === undefined ? 'delete' : 'modify';
      result.push({ path, kind, before, after });
    }
    return result;
  }

  /**
   * Writes every change: new contents go to temporary files beside their targets first, then all are renamed
   * into place. A failure while staging removes what was staged, so the project is left as it was.
   */
  async apply(): Promise<Change[]> {
    const changes = this.changes();
    const staged: { temporary: string; target: string }[] = [];
    const createdDirs: string[] = [];
    try {
      for (const change of changes) {
        if (change.after === undefined) continue;
        const target = join(this.root, change.path);
        for (const dir of missingDirs(dirname(target))) {
          await mkdir(dir);
          createdDirs.push(dir);
        }
        const temporary = `${target}.${randomBytes(4).toString('hex')}.tmp`;
        await writeFile(temporary, change.after);
        staged.push({ temporary, target });
      }
    } catch (error) {
      await Promise.all(staged.map(({ temporary }) => rm(temporary, { force: true })));
      for (const dir of createdDirs.reverse()) await rmdir(dir).catch(() => {});
      throw new UserError(`Could not write the changes: ${describeFsError(error)}; nothing was written.`);
    }
    for (const { temporary, target } of staged) await rename(temporary, target);
    for (const change of changes) {
      if (change.kind === 'delete') await rm(join(this.root, change.path), { force: true });
    }
    await removeEmptyDirs(this.root, changes);
    return changes;
  }
}

function readFromDisk(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

function missingDirs(dir: string): string[] {
  const missing: string[] = [];
  let current = dir;
  while (!existsSync(current)) {
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return missing;
}

/** Removes folders that deleting files left empty (a removed module's folder). */
async function removeEmptyDirs(root: string, changes: Change[]): Promise<void> {
  const dirs = new Set(changes.filter((change) => change.kind === 'delete').map((change) => dirname(change.path)));
  for (const dir of [...dirs].sort((a, b) => b.length - a.length)) {
    if (dir === '.') continue;
    await rmdir(join(root, dir)).catch(() => {});
  }
}
