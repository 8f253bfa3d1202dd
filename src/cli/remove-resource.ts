import type { FormatWorker } from '../engine/format-worker.js';
import { ProjectChanges } from '../engine/project-changes.js';
import { renderTemplate } from '../engine/render.js';
import { UserError } from '../errors.js';
import { findProject } from '../project.js';
import { parseFieldSpecs } from '../resources/field-spec.js';
import { serviceFactsOf } from '../resources/model.js';
import { resourceName } from '../resources/plan-resource.js';
import { resourceNames, type ResourceNames } from '../resources/names.js';
import {
  modelFromRecord,
  moduleDir,
  nextMigrationTimestamp,
  permissionsFile,
  unregisterResource,
  updateManifest,
} from '../resources/resource-files.js';
import { mergeContributions } from '../resources/traits/index.js';
import { formatEditedFiles, report, resourceProject } from './add-resource.js';
import type { Output } from './output.js';

export interface RemoveResourceRequest {
  cwd: string;
  name: string;
  dryRun: boolean;
}

/**
 * `backend remove resource`: deletes the module files that `add` wrote, reverts its registrations, and writes
 * a new migration that drops the table. The migration that created the table is never edited: it may have run.
 */
export async function removeResource(
  request: RemoveResourceRequest,
  output: Output,
  worker: FormatWorker,
): Promise<void> {
  const project = await findProject(request.cwd);
  const records = project.manifest.resources;
  const name = resourceName(request.name);
  const record = records.find((candidate) => candidate.name === name);
  if (!record) {
    const known = records.map((candidate) => candidate.name).join(', ') || 'none';
    throw new UserError(`"${name}" is not a resource of this service (resources: ${known}).`);
  }
  const dependents = records.filter(
    (other) =>
      other.name !== name &&
      (other.parent === name || parseFieldSpecs(other.fields).some((field) => field.references?.resource === name)),
  );
  if (dependents.length > 0) {
    const list = dependents.map((other) => other.name).join(', ');
    throw new UserError(`Cannot remove ${name}: ${list} still reference it; remove those first.`);
  }

  const names = resourceNames(name);
  const changes = new ProjectChanges(project.root);
  const folder = `${moduleDir(names)}/`;
  for (const path of Object.keys(project.manifest.files).filter((file) => file.startsWith(folder))) {
    changes.delete(path);
  }
  const prettierOptions = JSON.parse(changes.read('.prettierrc.json')) as object;
  const contributions = mergeContributions(modelFromRecord(record, records, serviceFactsOf(project.manifest.options)));
  const permissions = contributions.all((each) => each.permissions);
  const searchIndex = contributions.all((each) => each.searchIndex).at(-1);
  await formatEditedFiles(
    changes,
    await unregisterResource(changes, { names, permissions, searchIndex }),
    worker,
    prettierOptions,
  );
  const timestamp = nextMigrationTimestamp(resourceProject(project).list('migrations'));
  const createMigration = record.migration.replace(/\.ts$/, '');
  changes.create(`migrations/${timestamp}_drop_${name}.ts`, renderDropMigration(names, createMigration));
  updateManifest(
    changes,
    project.manifest,
    records.filter((candidate) => candidate !== record),
  );

  report(changes.changes(), request.dryRun, output);
  if (request.dryRun) return;
  await changes.apply();
  output.info('');
  output.info(`Removed ${name}. Files you added to ${folder} yourself, if any, were kept.`);
  if (permissions.length > 0) output.info(`Its permissions are gone from ${permissionsFile} too.`);
  output.info('The new migration drops the table: run `npm run db:migrate` (or restart `npm run dev`).');
}

/** Up drops the table; down recreates it exactly, by running the migration that first created it. */
function renderDropMigration(names: ResourceNames, createMigration: string): string {
  return renderTemplate('resource/drop-migration.ts.hbs', { names, createMigration });
}
