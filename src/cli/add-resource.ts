import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unifiedDiff } from '../engine/diff.js';
import type { FormatWorker } from '../engine/format-worker.js';
import type { Change, ProjectChanges } from '../engine/project-changes.js';
import { UserError } from '../errors.js';
import { findProject, type Project } from '../project.js';
import { parseFieldSpecs } from '../resources/field-spec.js';
import { checkTarget, planResource, type PlanFormatter, type ResourceProject } from '../resources/plan-resource.js';
import type { TraitId } from '../resources/traits/types.js';
import type { Output } from './output.js';
import { resourceRenderer } from './renderers.js';

export interface AddResourceRequest {
  cwd: string;
  name: string;
  fields: string[];
  parent?: string;
  /** Traits asked for by flag (`--owned`). */
  traits: TraitId[];
  /** False for `--no-cache`. */
  cache?: boolean;
  dryRun: boolean;
  /** Asks for fields one by one when none were given on a terminal. */
  askField?: (question: string) => Promise<string>;
}

/**
 * `backend add resource`: plans the resource (plan-resource.ts), shows the plan, and writes it all in one step
 * (or, with --dry-run, writes nothing).
 */
export async function addResource(request: AddResourceRequest, output: Output, worker: FormatWorker): Promise<void> {
  const project = resourceProject(await findProject(request.cwd));
  checkTarget(project, request);
  const fields = request.fields.length > 0 ? request.fields : await askFields(request, output);
  const prettierOptions = JSON.parse(project.read('.prettierrc.json') ?? '{}') as object;
  const plan = await planResource(project, { ...request, fields }, workerFormatter(worker, prettierOptions));
  await carryOut(plan, request.dryRun, output);
}

/** Shows a plan's notes and changes, and writes them all in one step with its summary after (or, dry, nothing). */
export async function carryOut(
  plan: { notes: string[]; changes: ProjectChanges; summary: string[] },
  dryRun: boolean,
  output: Output,
): Promise<void> {
  for (const note of plan.notes) output.info(note);
  report(plan.changes.changes(), dryRun, output);
  if (dryRun) return;
  await plan.changes.apply();
  output.info('');
  for (const line of plan.summary) output.info(line);
}

/** The service on disk, as planning reads it. */
export function resourceProject({ root, manifest }: Project): ResourceProject {
  return {
    root,
    manifest,
    read: (path) => {
      try {
        return readFileSync(join(root, path), 'utf8');
      } catch {
        return undefined;
      }
    },
    list: (dir) => {
      try {
        return readdirSync(join(root, dir));
      } catch {
        return [];
      }
    },
  };
}

/** Renders and formats on the worker thread, so that Prettier loads while ts-morph does here. */
export function workerFormatter(worker: FormatWorker, prettierOptions: object): PlanFormatter {
  return {
    render: (model) =>
      worker.renderAndFormat(
        { module: resourceRenderer, exportName: 'renderResource', argument: model },
        prettierOptions,
      ),
    formatEdited: (changes, paths) => formatEditedFiles(changes, paths, worker, prettierOptions),
  };
}

async function askFields(request: AddResourceRequest, output: Output): Promise<string[]> {
  if (!request.askField) {
    throw new UserError('Give at least one field, e.g. `backend add resource tasks title:string done:boolean=false`.');
  }
  const specs: string[] = [];
  for (;;) {
    const answer = (await request.askField('Field (name:type[:modifier...]), empty to finish')).trim();
    if (answer === '') break;
    try {
      parseFieldSpecs([...specs, answer]);
      specs.push(answer);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      output.error(`${error.message} Try again.`);
    }
  }
  if (specs.length === 0) throw new UserError('A resource needs at least one field; nothing was written.');
  return specs;
}

/** Formats the files the AST edits touched, but only those that were formatted before: user style stays. */
export async function formatEditedFiles(
  changes: ProjectChanges,
  paths: string[],
  worker: FormatWorker,
  prettierOptions: object,
): Promise<void> {
  const originals = paths.map((path) => ({
    path,
    content: changes.changes().find((change) => change.path === path)?.before ?? '',
  }));
  const wereFormatted = await worker.check(originals, prettierOptions);
  const toFormat = paths
    .filter((_, index) => wereFormatted[index])
    .map((path) => ({ path, content: changes.read(path) }));
  for (const file of await worker.format(toFormat, prettierOptions)) changes.write(file.path, file.content);
}

export function report(changes: Change[], dryRun: boolean, output: Output): void {
  const verbs = dryRun
    ? { create: 'would create', modify: 'would modify', delete: 'would delete' }
    : { create: 'created', modify: 'modified', delete: 'deleted' };
  for (const change of changes) {
    const size = change.after === undefined ? '' : ` (${Buffer.byteLength(change.after)} bytes)`;
    output.info(`${verbs[change.kind].padEnd(12)} ${change.path}${size}`);
  }
  if (!dryRun) return;
  for (const change of changes.filter((candidate) => candidate.kind === 'modify')) {
    output.info('');
    output.info(unifiedDiff(change.path, change.before ?? '', change.after ?? ''));
  }
  output.info('');
  output.info(`Dry run: ${changes.length} files would change; nothing was written.`);
}
