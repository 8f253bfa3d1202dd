import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import type { Output } from '../cli/output.js';
import { unifiedDiff } from '../engine/diff.js';
import { ProjectChanges } from '../engine/project-changes.js';
import type { FileContent } from '../engine/tree.js';
import { UserError } from '../errors.js';
import { type Codemod, runCodemods } from '../engine/codemods.js';
import { fileKind, type FileKind } from '../engine/file-kinds.js';
import { manifestPath } from '../engine/manifest-path.js';
import { projectManifest, type Manifest } from '../project.js';
import { type FileOutcome, mergeVersions, text, type Versions } from './merge.js';

const run = promisify(execFile);

/** Folders that are not the service's source: never read for renamed files. */
const notSource = new Set(['.git', 'node_modules', 'dist', 'coverage', '.data']);

/**
 * Brings the generator's change (base to theirs) into the service on disk, file by file (merge.ts), and prints what
 * becomes of each file; with `dryRun`, the diffs instead, writing nothing. .env, the developer's own, gains only the
 * variables of theirs it lacks (new secrets), which are named and never shown.
 */
export async function bringIn(
  root: string,
  base: ReadonlyMap<string, FileContent>,
  theirs: ReadonlyMap<string, FileContent>,
  {
    labels,
    dryRun,
    output,
    codemods,
  }: {
    labels: Versions['labels'];
    dryRun: boolean;
    output: Output;
    /** Codemods to run on the merged files, and how to format what they change. */
    codemods?: { pending: readonly Codemod[]; format: (files: Map<string, string>) => Promise<Map<string, string>> };
  },
): Promise<FileOutcome[]> {
  const dotEnv = newVariables(theirs.get('.env'), await readFile(join(root, '.env'), 'utf8').catch(() => undefined));
  const withoutEnv = (files: ReadonlyMap<string, FileContent>) =>
    new Map([...files].filter(([path]) => path !== '.env'));
  const [baseFiles, theirFiles] = [withoutEnv(base), withoutEnv(theirs)];
  const yours = await readService(root, [...new Set([...baseFiles.keys(), ...theirFiles.keys()])]);
  const kinds = recordedKinds(yours.get(manifestPath));
  const merged = await mergeVersions({
    base: baseFiles,
    theirs: theirFiles,
    yours,
    labels,
    kindOf: (path) => kinds.get(path) ?? fileKind(path),
  });

  const changes = stage(root, merged);
  if (dotEnv) changes.write('.env', dotEnv.content);
  const report = codemods?.pending.length ? runCodemods(mergedFiles(yours, merged), codemods.pending) : undefined;
  if (report && codemods) {
    for (const [path, content] of await codemods.format(report.changed)) changes.write(path, content);
  }
  const recorded = recordWhatMadeIt(changes, theirFiles.get(manifestPath), codemods?.pending ?? []);
  // A backend.json the merge left as it was still changes when it records a new version.
  const outcomes = merged.map((outcome) =>
    recorded && outcome.path === manifestPath && outcome.action === 'SKIP'
      ? { path: manifestPath, action: 'UPDATE' as const, note: 'records what made the service now' }
      : outcome,
  );

  for (const outcome of outcomes) {
    output.info(`${outcome.action.padEnd(8)} ${outcome.path}${outcome.note ? `  (${outcome.note})` : ''}`);
  }
  if (dotEnv) output.info(`UPDATE   .env  (${dotEnv.names.join(', ')}: new, for development)`);
  for (const line of report?.lines ?? []) output.info(`${line.action.padEnd(8)} ${line.path}  (${line.note})`);
  if (dryRun) {
    // .env holds secrets: its new variables are named above, never shown.
    for (const change of changes.changes().filter(({ path }) => path !== '.env')) {
      output.info('');
      output.info(unifiedDiff(change.path, change.before ?? '', change.after ?? '').trimEnd());
    }
    output.info('');
    output.info('Dry run: nothing was written.');
    return outcomes;
  }
  await changes.apply();
  return outcomes;
}

/** The kinds backend.json records, where a developer may have marked a file write-once. */
function recordedKinds(manifest: FileContent | undefined): Map<string, FileKind> {
  const kinds = new Map<string, FileKind>();
  if (manifest === undefined) return kinds;
  try {
    for (const [path, file] of Object.entries(projectManifest(text(manifest)).files)) {
      if (file.kind) kinds.set(path, file.kind);
    }
  } catch {
    // A backend.json the commands cannot read leaves the kinds the generator gives.
  }
  return kinds;
}

/** What to do next: install when package.json changed; with conflicts, a UserError that lists them (exit 1). */
export function reportAfter(outcomes: FileOutcome[], manifest: Manifest, output: Output): void {
  const conflicts = outcomes.filter((outcome) => outcome.action === 'CONFLICT');
  if (outcomes.some((outcome) => outcome.path === 'package.json' && outcome.action !== 'SKIP')) {
    output.info(`Next: ${manifest.options.packageManager} install (package.json changed), then the tests.`);
  }
  if (conflicts.length > 0) {
    throw new UserError(
      `${conflicts.length} file(s) changed by you and by the generator in the same lines: ` +
        `${conflicts.map((outcome) => outcome.path).join(', ')}. Resolve the conflict markers there, then commit.`,
    );
  }
}

/**
 * The developer's .env with the variables of the new one that it lacks (the secrets a feature needs in development),
 * appended; undefined when it lacks none, or when there is no .env (the developer's own file).
 */
function newVariables(rendered: FileContent | undefined, current: string | undefined) {
  if (rendered === undefined || current === undefined) return undefined;
  const defined = new Set(current.split('\n').map((line) => /^([A-Z0-9_]+)=/.exec(line)?.[1]));
  const added = text(rendered)
    .split('\n')
    .filter((line) => /^([A-Z0-9_]+)=/.test(line) && !defined.has(/^([A-Z0-9_]+)=/.exec(line)?.[1]));
  if (added.length === 0) return undefined;
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  return {
    names: added.map((line) => line.split('=')[0]!),
    content: `${current}${separator}${added.join('\n')}\n`,
  };
}

/** Refuses a service whose git tree has uncommitted changes, or that is not in git: a merge must be undoable. */
export async function refuseDirtyTree(root: string): Promise<void> {
  let status: string;
  try {
    status = (await run('git', ['status', '--porcelain'], { cwd: root })).stdout;
  } catch {
    throw new UserError(
      'The service is not in a git repository: commit it first, so that what this changes can be seen and undone ' +
        '(or pass --allow-dirty); nothing was written.',
    );
  }
  if (status.trim() !== '') {
    throw new UserError(
      'The service has uncommitted changes: commit or stash them first, so that what this changes stands apart ' +
        '(or pass --allow-dirty); nothing was written.',
    );
  }
}

/**
 * The service's files as they are: those the generator makes or made, and every other source file, where one the
 * user renamed would be. By path.
 */
async function readService(root: string, generated: string[]): Promise<Map<string, FileContent>> {
  const files = new Map<string, FileContent>();
  const paths = new Set([...generated, ...(await listSource(root, root))]);
  for (const path of paths) {
    const content = await readFile(join(root, path)).catch(() => undefined);
    if (content !== undefined) files.set(path, content.toString('utf8'));
  }
  files.delete('.env');
  return files;
}

async function listSource(root: string, dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const paths: string[] = [];
  for (const entry of entries) {
    if (notSource.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) paths.push(...(await listSource(root, path)));
    else if (entry.isFile()) paths.push(relative(root, path).split('\\').join('/'));
  }
  return paths;
}

/**
 * backend.json, whatever the merge made of it, says what made the files now: the generator and team preset of theirs,
 * and the codemods run. Left to the developer when it has conflict markers. Says whether that changed it.
 */
function recordWhatMadeIt(changes: ProjectChanges, theirs: FileContent | undefined, ran: readonly Codemod[]): boolean {
  if (theirs === undefined || !changes.load(manifestPath)) return false;
  let record: Record<string, unknown>;
  let made: Record<string, unknown>;
  try {
    record = JSON.parse(changes.read(manifestPath)) as Record<string, unknown>;
    made = JSON.parse(text(theirs)) as Record<string, unknown>;
  } catch {
    return false;
  }
  const codemods = [...new Set([...((record.codemods as string[] | undefined) ?? []), ...ran.map(({ id }) => id)])];
  let entries = Object.entries(record);
  entries = withEntry(entries, 'generator', made.generator, undefined);
  if (made.preset !== undefined) entries = withEntry(entries, 'preset', made.preset, 'options');
  entries = withEntry(entries, 'codemods', codemods, 'features');
  const next = `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`;
  if (next === changes.read(manifestPath)) return false;
  changes.write(manifestPath, next);
  return true;
}

/** The entries with `key` set to `value`: in its place, or, when new, after the key `after` (first without). */
function withEntry(
  entries: [string, unknown][],
  key: string,
  value: unknown,
  after: string | undefined,
): [string, unknown][] {
  if (entries.some(([name]) => name === key)) {
    return entries.map(([name, old]): [string, unknown] => [name, name === key ? value : old]);
  }
  const at = after === undefined ? 0 : entries.findIndex(([name]) => name === after) + 1;
  return [...entries.slice(0, at), [key, value], ...entries.slice(at)];
}

/** The service's files once the outcomes are applied, but for those left with conflict markers. */
function mergedFiles(yours: ReadonlyMap<string, FileContent>, outcomes: FileOutcome[]): Map<string, string> {
  const files = new Map([...yours].map(([path, content]) => [path, text(content)]));
  for (const outcome of outcomes) {
    if (outcome.action === 'DELETE' || outcome.action === 'CONFLICT') files.delete(outcome.path);
    else if (outcome.content !== undefined) files.set(outcome.path, text(outcome.content));
  }
  return files;
}

/** The outcomes as changes to the files on disk, staged. */
function stage(root: string, outcomes: FileOutcome[]): ProjectChanges {
  const changes = new ProjectChanges(root);
  for (const outcome of outcomes) {
    if (outcome.action === 'DELETE') changes.delete(outcome.path);
    else if (outcome.content === undefined) continue;
    else if (changes.load(outcome.path)) changes.write(outcome.path, text(outcome.content));
    else changes.create(outcome.path, text(outcome.content));
  }
  return changes;
}
