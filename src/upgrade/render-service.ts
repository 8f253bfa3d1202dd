import { formatEditedFiles, workerFormatter } from '../cli/add-resource.js';
import type { FormatWorker } from '../engine/format-worker.js';
import { formatTree } from '../engine/format.js';
import { manifestPath } from '../engine/manifest-path.js';
import { plan } from '../engine/plan.js';
import type { ProjectChanges } from '../engine/project-changes.js';
import type { TeamFiles } from '../engine/render.js';
import type { FileContent, Tree } from '../engine/tree.js';
import { allFeatures } from '../features/index.js';
import { planJob } from '../jobs/plan-job.js';
import { type Manifest, projectManifest } from '../project.js';
import type { ResourceProject } from '../resources/plan-resource.js';
import { planResource } from '../resources/plan-resource.js';
import type { ResourceRecord } from '../resources/model.js';

/** What a service is made of, as backend.json records it: the options, then what was added, in order. */
export type ServiceRecord = Pick<Manifest, 'options' | 'resources' | 'jobs' | 'files'>;

/**
 * The files of a service as this generator renders them from its record, untouched by anyone: what create-backend
 * writes for the options, then each resource and each job the record lists, added in the order recorded exactly as
 * `backend add` adds them, formatted as it formats them; with the team preset's files (`team`, fetched at the
 * commit recorded) when the service started from one. By path; .env with fresh secrets, as a new service has
 * them (it is the developer's own file: a command takes from it only the variables the developer's lacks).
 *
 * Rendering is deterministic: the same generator and record give the same bytes. Migrations are named after the
 * times recorded. `backend add <feature>` and `backend upgrade` compare the service on disk with this.
 */
export async function renderService(
  record: ServiceRecord,
  worker: FormatWorker,
  { cacheByDefault = false, team }: { cacheByDefault?: boolean; team?: TeamFiles } = {},
): Promise<Map<string, FileContent>> {
  const tree = plan({ ...record.options, install: false, git: false }, allFeatures, undefined, team);
  await formatTree(tree);
  const prettierOptions = JSON.parse(tree.read('.prettierrc.json')) as object;
  const formatter = workerFormatter(worker, prettierOptions);

  for (const resource of record.resources) {
    const project = projectIn(tree);
    const { changes } = await planResource(project, requestOf(resource, cacheByDefault), formatter);
    applyTo(tree, changes);
  }
  for (const job of record.jobs ?? []) {
    const project = projectIn(tree);
    const { changes } = await planJob(
      project,
      { name: job.name, fields: job.fields, now: timeOf(queueMigrationOf(record, job.name)) },
      {
        format: (files) => worker.format(files, prettierOptions),
        formatEdited: (staged, paths) => formatEditedFiles(staged, paths, worker, prettierOptions),
      },
    );
    applyTo(tree, changes);
  }
  keepHistory(tree, record);
  return new Map(tree.entries().map((entry) => [entry.path, entry.content]));
}

/**
 * The migrations of resources removed since (the one that created a table, the one that dropped it) may have run
 * somewhere, so they are never changed or deleted: the record keeps them, and so does this rendering of it, in
 * backend.json. Their files are left out, as what no command will touch.
 */
function keepHistory(tree: Tree, record: ServiceRecord): void {
  const manifest = JSON.parse(tree.read(manifestPath)) as { files: Record<string, unknown> };
  const history = Object.entries(record.files).filter(([path]) => path.startsWith('migrations/') && !tree.exists(path));
  if (history.length === 0) return;
  const files = Object.fromEntries(
    [...Object.entries(manifest.files), ...history].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  tree.overwrite(manifestPath, `${JSON.stringify({ ...manifest, files }, null, 2)}\n`);
}

/**
 * How `backend add resource` was asked for a recorded resource: its fields, parent, traits and migration's time.
 * With `cacheByDefault` (the cache being added), cached as a resource added now would be, where it can be.
 */
function requestOf(resource: ResourceRecord, cacheByDefault: boolean) {
  const traits = resource.traits ?? [];
  return {
    name: resource.name,
    fields: resource.fields,
    parent: resource.parent,
    // The traits a flag asks for (--owned); nested follows from the parent, cached is the default unless refused.
    traits: [
      ...traits.filter((trait) => trait !== 'nested' && trait !== 'cached'),
      ...(resource.owned ? (['owned'] as const) : []),
    ],
    cache: cacheByDefault || traits.includes('cached'),
    now: timeOf(resource.migration),
  };
}

/** The time a migration's name begins with (20261126051500_create_tasks.ts), which names it again. */
function timeOf(migration: string | undefined): Date | undefined {
  const match = /^(?:migrations\/)?(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})_/.exec(migration ?? '');
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number);
  return new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second!));
}

/** The migration that created a job's queue (pg-boss), found among the files recorded. */
function queueMigrationOf(record: ServiceRecord, job: string): string | undefined {
  const suffix = `_create_${job.replaceAll('-', '_')}_job_queue.ts`;
  return Object.keys(record.files).find((path) => path.startsWith('migrations/') && path.endsWith(suffix));
}

/** The service being rendered, as planning reads a service: from the tree, with the record the tree holds so far. */
function projectIn(tree: Tree): ResourceProject {
  return {
    root: '.',
    manifest: projectManifest(tree.read(manifestPath)),
    read: (path) => (tree.exists(path) ? tree.read(path) : undefined),
    list: (dir) =>
      tree
        .entries()
        .map((entry) => entry.path)
        .filter((path) => path.startsWith(`${dir}/`) && !path.slice(dir.length + 1).includes('/'))
        .map((path) => path.slice(dir.length + 1)),
  };
}

function applyTo(tree: Tree, changes: ProjectChanges): void {
  for (const change of changes.changes()) {
    if (change.after === undefined) tree.delete(change.path);
    else if (tree.exists(change.path)) tree.overwrite(change.path, change.after);
    else tree.create(change.path, change.after);
  }
}
