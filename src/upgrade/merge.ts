import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileKind, type FileKind } from '../engine/file-kinds.js';
import { sha256, type FileContent } from '../engine/tree.js';

const run = promisify(execFile);

/** What becomes of one file: the word the command prints for it, and what is written (undefined: nothing). */
export interface FileOutcome {
  path: string;
  action: 'CREATE' | 'UPDATE' | 'MERGE' | 'CONFLICT' | 'DELETE' | 'SKIP';
  /** The file's new content; undefined when the file is left as it is (or, with DELETE, removed). */
  content?: FileContent;
  /** Why, when the action alone does not say: `you deleted it: it stays deleted`. */
  note?: string;
}

/** The three versions of the service: as the generator made it (base), as it makes it now (theirs), as it is (yours). */
export interface Versions {
  base: ReadonlyMap<string, FileContent>;
  theirs: ReadonlyMap<string, FileContent>;
  yours: ReadonlyMap<string, FileContent>;
  /** How conflict markers name base and theirs: `create-backend 0.6.0 (queue none)`. */
  labels: { base: string; theirs: string };
  /** What the generator may do to each file (file-kinds.ts); by default, the kind it gives the path. */
  kindOf?: (path: string) => FileKind;
}

/**
 * Brings the generator's change (base to theirs) into the service as it is (yours), file by file:
 * - unchanged by the user: theirs is taken; unchanged by the generator: yours is kept;
 * - changed by both: merged, line by line for text and key by key for JSON, with conflict markers where both changed
 *   the same lines (or the same key, then line by line);
 * - a file the user deleted stays deleted (a file of theirs the user renamed is found by its content, and merged
 *   there); a file the generator no longer makes is deleted if the user left it as it was, kept otherwise;
 * - a new file of theirs is created, or, when the user made one at that path, merged as if both had added it;
 * - a write-once file (a migration) that exists is never changed or deleted; a required one that was deleted is
 *   restored.
 */
export async function mergeVersions({
  base,
  theirs,
  yours,
  labels,
  kindOf = fileKind,
}: Versions): Promise<FileOutcome[]> {
  const renamed = renamesOf(base, yours);
  const outcomes: FileOutcome[] = [];
  const paths = [...new Set([...base.keys(), ...theirs.keys()])].sort();
  for (const path of paths) {
    const baseContent = base.get(path);
    const theirContent = theirs.get(path);
    const at = yours.has(path) ? path : renamed.get(path);
    const yourContent = at === undefined ? undefined : yours.get(at);
    const place = at ?? path;
    const moved = at !== undefined && at !== path ? `; renamed from ${path}` : '';
    const kind = kindOf(path);

    if (kind === 'write-once' && yourContent !== undefined && !same(yourContent, theirContent)) {
      outcomes.push({
        path: place,
        action: 'SKIP',
        note: `written once, never changed: a migration may have run${moved}`,
      });
      continue;
    }
    if (theirContent === undefined) {
      if (yourContent === undefined) continue;
      if (same(yourContent, baseContent)) outcomes.push({ path: place, action: 'DELETE', note: 'no longer generated' });
      else outcomes.push({ path: place, action: 'SKIP', note: `no longer generated; kept, as you changed it${moved}` });
      continue;
    }
    if (yourContent === undefined) {
      if (baseContent === undefined) outcomes.push({ path, action: 'CREATE', content: theirContent });
      else if (kind === 'required') {
        outcomes.push({
          path,
          action: 'CREATE',
          content: theirContent,
          note: 'the backend commands edit it: restored',
        });
      } else outcomes.push({ path, action: 'SKIP', note: 'you deleted it: it stays deleted' });
      continue;
    }
    if (same(yourContent, theirContent)) {
      const note = same(yourContent, baseContent) ? moved.slice(2) : `yours has the change already${moved}`;
      outcomes.push({ path: place, action: 'SKIP', ...(note ? { note } : {}) });
    } else if (baseContent !== undefined && same(yourContent, baseContent)) {
      outcomes.push({
        path: place,
        action: 'UPDATE',
        content: theirContent,
        ...(moved ? { note: moved.slice(2) } : {}),
      });
    } else if (baseContent !== undefined && same(theirContent, baseContent)) {
      outcomes.push({ path: place, action: 'SKIP', note: `yours kept: the generator did not change it${moved}` });
    } else {
      const merged = await mergeFile(place, text(yourContent), text(baseContent ?? ''), text(theirContent), labels);
      if (!merged.conflicts && merged.content === text(yourContent)) {
        // The generator's change is in yours already (a second run, or the developer made it): nothing to write.
        outcomes.push({ path: place, action: 'SKIP', note: `yours has the change already${moved}` });
        continue;
      }
      outcomes.push({
        path: place,
        action: merged.conflicts ? 'CONFLICT' : 'MERGE',
        content: merged.content,
        ...(baseContent === undefined
          ? { note: `you and the generator both added it${moved}` }
          : moved
            ? { note: moved.slice(2) }
            : {}),
      });
    }
  }
  return outcomes;
}

/**
 * The files of base that the user renamed: a path of base that is gone from yours, and a path of yours, not in base,
 * with its content as base had it. By base's path.
 */
function renamesOf(
  base: ReadonlyMap<string, FileContent>,
  yours: ReadonlyMap<string, FileContent>,
): Map<string, string> {
  const yoursByHash = new Map<string, string>();
  for (const [path, content] of yours) if (!base.has(path)) yoursByHash.set(sha256(content), path);
  const renamed = new Map<string, string>();
  for (const [path, content] of base) {
    if (yours.has(path)) continue;
    const at = yoursByHash.get(sha256(content));
    if (at !== undefined) renamed.set(path, at);
  }
  return renamed;
}

/** Whether two versions of a file hold the same bytes (false when either is missing). */
export function same(a: FileContent | undefined, b: FileContent | undefined): boolean {
  return a !== undefined && b !== undefined && sha256(a) === sha256(b);
}

export function text(content: FileContent): string {
  return typeof content === 'string' ? content : Buffer.from(content).toString('utf8');
}

/** A file both changed: JSON key by key, anything else (or JSON whose keys conflict) line by line. */
async function mergeFile(
  path: string,
  yours: string,
  base: string,
  theirs: string,
  labels: Versions['labels'],
): Promise<{ content: string; conflicts: boolean }> {
  if (path.endsWith('.json')) {
    const merged = mergeJsonText(yours, base, theirs);
    if (merged !== undefined) return { content: merged, conflicts: false };
  }
  return mergeLines(yours, base, theirs, labels);
}

/**
 * A three-way merge of lines (git merge-file): the changes of both sides where they touch different lines, and
 * conflict markers, labelled, where they touch the same.
 */
export async function mergeLines(
  yours: string,
  base: string,
  theirs: string,
  labels: Versions['labels'],
): Promise<{ content: string; conflicts: boolean }> {
  const dir = await mkdtemp(join(tmpdir(), 'create-backend-merge-'));
  try {
    const files = { yours: join(dir, 'yours'), base: join(dir, 'base'), theirs: join(dir, 'theirs') };
    await Promise.all([writeFile(files.yours, yours), writeFile(files.base, base), writeFile(files.theirs, theirs)]);
    const args = ['merge-file', '-p', '-L', 'yours', '-L', labels.base, '-L', labels.theirs];
    try {
      const { stdout } = await run('git', [...args, files.yours, files.base, files.theirs], { maxBuffer: 64 << 20 });
      return { content: stdout, conflicts: false };
    } catch (error) {
      // git merge-file exits with the number of conflicts (1 to 127), the merge on stdout; above that, it failed.
      const { code, stdout } = error as { code?: number | string; stdout?: string };
      if (typeof code === 'number' && code > 0 && code < 128 && stdout !== undefined) {
        return { content: stdout, conflicts: true };
      }
      throw new Error(`git merge-file failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * A three-way merge of JSON objects, key by key and down into objects: a key changed on one side takes that side's
 * value, on both sides alike that value. Undefined when both changed one key differently (or a file is not an
 * object): the caller merges the lines instead, with markers. Written with the keys in theirs' order, then yours'
 * own, indented as theirs is.
 */
export function mergeJsonText(yours: string, base: string, theirs: string): string | undefined {
  let parsed: [Json, Json, Json];
  try {
    parsed = [JSON.parse(yours) as Json, JSON.parse(base || '{}') as Json, JSON.parse(theirs) as Json];
  } catch {
    return undefined;
  }
  const merged = mergeJson(...parsed);
  if (merged === conflict || merged === absent) return undefined;
  const indent = /^[ \t]+/m.exec(theirs)?.[0] ?? '  ';
  return `${JSON.stringify(merged, null, indent)}\n`;
}

const conflict = Symbol('conflict');
const absent = Symbol('absent');

type Merged = Json | typeof absent | typeof conflict;

function mergeJson(yours: Json | typeof absent, base: Json | typeof absent, theirs: Json | typeof absent): Merged {
  const equal = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (yours === absent && theirs === absent) return absent;
  if (equal(yours, theirs)) return yours;
  if (equal(yours, base)) return theirs;
  if (equal(theirs, base)) return yours;
  if (!isObject(yours) || !isObject(theirs)) return conflict;
  const baseObject = isObject(base) ? base : {};
  const result: Record<string, Json> = {};
  const keys = [...new Set([...Object.keys(theirs), ...Object.keys(yours)])];
  // Keys both sides keep sorted (dependencies) stay sorted.
  if (isSorted(Object.keys(theirs)) && isSorted(Object.keys(yours))) keys.sort();
  for (const key of keys) {
    const value: Merged = mergeJson(valueAt(yours, key), valueAt(baseObject, key), valueAt(theirs, key));
    if (value === conflict) return conflict;
    if (value !== absent) result[key] = value;
  }
  return result;
}

function isSorted(keys: readonly string[]): boolean {
  return keys.every((key, index) => index === 0 || keys[index - 1]! <= key);
}

function isObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(object: { [key: string]: Json }, key: string): Json | typeof absent {
  return Object.hasOwn(object, key) ? object[key]! : absent;
}
