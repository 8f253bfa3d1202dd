import { mkdir, mkdtemp, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import type { Tree } from './tree.js';

/**
 * Refuses a target that exists and is not an empty directory, before any work is done, so the user
 * hears about it at once.
 */
export async function assertTargetIsFree(targetDir: string): Promise<void> {
  let entries: string[];
  try {
    const info = await stat(targetDir);
    if (!info.isDirectory()) throw new UserError(`${targetDir} exists and is not a directory.`);
    entries = await readdir(targetDir);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return;
    throw error;
  }
  if (entries.length > 0) {
    throw new UserError(`${targetDir} exists and is not empty; choose another directory or empty it first.`);
  }
}

/**
 * Writes the tree to a temporary directory beside the target, then renames it into place in one step.
 * Any failure removes the temporary directory, so the disk is left exactly as it was.
 */
export async function commitTree(tree: Tree, targetDir: string): Promise<void> {
  await assertTargetIsFree(targetDir);
  const parent = dirname(targetDir);
  let staging: string;
  try {
    staging = await mkdtemp(join(parent, `.${basename(targetDir)}.staging-`));
  } catch (error) {
    throw new UserError(`Cannot write to ${parent}: ${describeFsError(error)}.`);
  }
  try {
    const createdDirs = new Set<string>();
    for (const entry of tree.entries()) {
      const file = join(staging, entry.path);
      const dir = dirname(file);
      if (!createdDirs.has(dir)) {
        await mkdir(dir, { recursive: true });
        createdDirs.add(dir);
      }
      await writeFile(file, entry.content, { mode: entry.executable ? 0o755 : 0o644 });
    }
    await moveIntoPlace(staging, targetDir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (error instanceof UserError) throw error;
    throw new UserError(`Could not write ${targetDir}: ${describeFsError(error)}; nothing was written.`);
  }
}

async function moveIntoPlace(staging: string, targetDir: string): Promise<void> {
  // rename(2) replaces an empty directory but not a full one; check again in case something appeared.
  await assertTargetIsFree(targetDir);
  try {
    await rename(staging, targetDir);
  } catch (error) {
    if (!isErrno(error, 'ENOTEMPTY') && !isErrno(error, 'EEXIST')) throw error;
    await rmdir(targetDir);
    await rename(staging, targetDir);
  }
}

export function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

export function describeFsError(error: unknown): string {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a directory';
    case 'ENOENT':
      return 'the parent directory does not exist';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
