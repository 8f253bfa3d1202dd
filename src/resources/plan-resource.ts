import { ProjectChanges } from '../engine/project-changes.js';
import { UserError } from '../errors.js';
import type { Manifest } from '../project.js';
import { FieldSpecError, parseFieldSpecs, type FieldSpec } from './field-spec.js';
import { type ResourceModel, type ResourceRecord, serviceFactsOf } from './model.js';
import { isPlural, parentParam, pluralize, resourceNames, snakeCase } from './names.js';
import type { RenderedFile } from './render.js';
import {
  modelFromRecord,
  moduleDir,
  nextMigrationTimestamp,
  parentKey,
  recordedTraits,
  referencedResources,
  registerResource,
  updateManifest,
} from './resource-files.js';
import { notCacheable, notCachedNote } from './traits/cached.js';
import { allTraits, mergeContributions, traitById, traitsOf } from './traits/index.js';
import type { TraitId } from './traits/types.js';

/** What planning a resource reads of a service: its record and its files, from disk or, in tests, from memory. */
export interface ResourceProject {
  root: string;
  manifest: Manifest;
  /** A file of the service as it is, or undefined when there is none. */
  read(path: string): string | undefined;
  /** The names in one of its folders ([] when there is no such folder). */
  list(dir: string): string[];
}

export interface ResourceRequest {
  name: string;
  fields: readonly string[];
  parent?: string;
  /** The traits asked for by flag (`owned`); `nested` follows from `parent`. */
  traits?: readonly TraitId[];
  /** False for `--no-cache`: no reads through the service's cache. */
  cache?: boolean;
  /** The time the migration is named after. */
  now?: Date;
}

/** How the files of a plan are rendered and formatted: on another thread, in the command. */
export interface PlanFormatter {
  /** The resource's files, formatted as the service formats them. */
  render(model: ResourceModel): Promise<RenderedFile[]>;
  /** Formats the files that the AST edits touched, in place, where they were formatted before. */
  formatEdited(changes: ProjectChanges, paths: string[]): Promise<void>;
}

export interface ResourcePlan {
  model: ResourceModel;
  record: ResourceRecord;
  /** Every change, staged: nothing is written until the command applies them. */
  changes: ProjectChanges;
  /** Lines to show before the changes (what was assumed), and once they are written (what to know). */
  notes: string[];
  summary: string[];
}

/**
 * Renders without formatting, and leaves edited files as the edits left them (for tests). The renderer loads only
 * when called: the command renders on its worker thread, and its main thread never needs handlebars.
 */
export const unformatted: PlanFormatter = {
  render: async (model) => (await import('./render.js')).renderResource(model),
  formatEdited: async () => {},
};

/**
 * `backend add resource` as a pure function of the service and the request: every check, the model, the rendered
 * module and migration, the registrations and the new backend.json, staged; or a UserError naming what is wrong.
 * Every check lives here, once.
 */
export async function planResource(
  project: ResourceProject,
  request: ResourceRequest,
  formatter: PlanFormatter = unformatted,
): Promise<ResourcePlan> {
  const notes: string[] = [];
  const target = checkTarget(project, request, notes);
  const { name, traits, parentRecord } = target;
  const fields = parseFieldSpecs([...request.fields]);
  if (fields.length === 0) {
    throw new UserError('Give at least one field, e.g. `backend add resource tasks title:string done:boolean=false`.');
  }
  if (parentRecord) checkParentKey(name, fields, parentRecord.name, notes);
  checkReferences(project.manifest.resources, name, fields);

  const cached = cachedUnlessRefused(project, request, fields, parentRecord?.name, notes, name);

  const migrationTimestamp = nextMigrationTimestamp(project.list('migrations'), request.now);
  const records = project.manifest.resources;
  const traitsOfRecord = allTraits
    .map((trait) => trait.id)
    .filter((id) => traits.includes(id) || (id === 'cached' && cached));
  const record: ResourceRecord = {
    name,
    fields: fields.map((field) => field.source),
    ...(parentRecord ? { parent: parentRecord.name } : {}),
    ...(traitsOfRecord.length > 0 ? { traits: traitsOfRecord } : {}),
    migration: `${migrationTimestamp}_create_${name}.ts`,
  };
  const model = modelFromRecord(record, [...records, record], serviceFactsOf(project.manifest.options));
  // Traits that follow from the fields (searchable) have their requirements too.
  for (const requirement of traitsOf(model).flatMap((trait) => trait.requires ?? [])) {
    if (!project.manifest.features.includes(requirement.feature)) throw new UserError(requirement.message);
  }
  const contributions = mergeContributions(model);
  checkColumns(
    model,
    contributions.all((each) => each.columns),
  );

  const changes = new ProjectChanges(project.root, (path) => project.read(path));
  const rendered = formatter.render(model);
  const permissions = contributions.all((each) => each.permissions);
  const searchIndex = contributions.all((each) => each.searchIndex).at(-1);
  const edited = await registerResource(changes, { names: model.names, permissions, searchIndex });
  for (const file of await rendered) changes.create(file.path, file.content);
  await formatter.formatEdited(changes, edited);
  updateManifest(changes, project.manifest, [...records, record]);

  const path = model.parent ? `${model.parent.names.kebab}/:${parentParam(model.parent.names)}/` : '';
  return {
    model,
    record,
    changes,
    notes,
    summary: [
      `Added ${name}: /v1/${path}${model.names.kebab}.`,
      ...contributions.all((each) => each.note),
      'Next: restart `npm run dev` (the embedded database migrates on start), or run `npm run db:migrate`',
      'against DATABASE_URL; then `npm test`, and try it at http://localhost:3000/docs.',
    ],
  };
}

/**
 * The checks that need no fields: the name, that it is new, the parent, and whether the service can have the
 * traits asked for. The command runs them before asking for fields, so that nobody answers questions in vain.
 */
export function checkTarget(project: ResourceProject, request: ResourceRequest, notes: string[] = []) {
  const records = project.manifest.resources;
  const name = resourceName(request.name, notes);
  if (records.some((record) => record.name === name) || project.list(moduleDir(resourceNames(name))).length > 0) {
    throw new UserError(
      `The resource "${name}" exists already; remove it first with \`backend remove resource ${name}\`.`,
    );
  }
  const parent = request.parent === undefined ? undefined : resourceName(request.parent, notes);
  const traits: TraitId[] = [...(parent === undefined ? [] : ['nested' as const]), ...(request.traits ?? [])];
  for (const id of traits) {
    const trait = traitById(id);
    for (const requirement of trait.requires ?? []) {
      if (!project.manifest.features.includes(requirement.feature)) throw new UserError(requirement.message);
    }
    for (const conflict of trait.conflicts ?? []) {
      if (traits.includes(conflict.trait)) throw new UserError(conflict.message);
    }
  }
  const parentRecord = records.find((record) => record.name === parent);
  if (parent !== undefined && !parentRecord) {
    throw new UserError(`The parent "${parent}" is not a resource of this service; add it first.`);
  }
  if (parentRecord) {
    for (const trait of recordedTraits(parentRecord).map(traitById)) {
      const refusal = trait.refusesChildren?.(parentRecord);
      if (refusal) throw new UserError(`Cannot nest under ${parentRecord.name}: ${refusal}`);
    }
  }
  return { name, traits: allTraits.map((trait) => trait.id).filter((id) => traits.includes(id)), parentRecord };
}

/**
 * Whether the resource's reads by id go through the service's cache: yes when the service has one, unless
 * `--no-cache`, or its fields let the database change its rows where the cache cannot see (a note says so).
 */
function cachedUnlessRefused(
  project: ResourceProject,
  request: ResourceRequest,
  fields: readonly FieldSpec[],
  parent: string | undefined,
  notes: string[],
  name: string,
): boolean {
  if (!project.manifest.features.includes('cache') || request.cache === false) return false;
  const refusal = notCacheable(fields, parent);
  if (refusal) notes.push(notCachedNote(resourceNames(name), refusal));
  return refusal === undefined;
}

/** A resource name: a plural noun in any case; a singular one is made plural, with a note. */
export function resourceName(written: string, notes: string[] = []): string {
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(written)) {
    throw new UserError(`Invalid resource name "${written}": use letters, digits, - and _, starting with a letter.`);
  }
  const name = snakeCase(written);
  if (isPlural(name)) return name;
  const plural = pluralize(name);
  notes.push(`Using the plural "${plural}" for "${written}": resources are plural nouns (/v1/${plural}).`);
  return plural;
}

/** The key of a nested resource: given or added (with a note), required, and not its only field. */
function checkParentKey(name: string, fields: FieldSpec[], parent: string, notes: string[]): void {
  const given = fields.some((field) => field.references?.resource === parent);
  // Adds a required key with ON DELETE CASCADE when the fields name none.
  const key = parentKey(fields, parent);
  if (!given) notes.push(`Nested under ${parent}: each ${name} row gets ${key.name} (ON DELETE CASCADE).`);
  if (key.optional || key.references?.onDelete === 'set-null') {
    const parentPath = `/v1/${resourceNames(parent).kebab}/:${parentParam(resourceNames(parent))}`;
    throw new FieldSpecError(
      key.source,
      `the key of the --parent must be required (cascade or restrict): a row without its parent could not be reached under ${parentPath}`,
    );
  }
  if (fields.length === 1) {
    throw new UserError(`A resource needs at least one field besides ${key.name}, which --parent gives it.`);
  }
}

function checkReferences(records: readonly ResourceRecord[], name: string, fields: readonly FieldSpec[]): void {
  for (const target of referencedResources(fields)) {
    const field = fields.find((candidate) => candidate.references?.resource === target);
    if (target === name) throw new FieldSpecError(field?.source ?? target, 'a resource cannot reference itself yet');
    const targetRecord = records.find((record) => record.name === target);
    if (!targetRecord) {
      throw new FieldSpecError(field?.source ?? target, `"${target}" is not a resource of this service; add it first`);
    }
    for (const trait of recordedTraits(targetRecord).map(traitById)) {
      const refusal = trait.refusesReferences?.(targetRecord, records);
      if (refusal) throw new FieldSpecError(field?.source ?? target, refusal);
    }
  }
}

/** A field may not take the name of a column a trait adds (the owner). */
function checkColumns(model: ResourceModel, columns: readonly { name: string; description: string }[]): void {
  for (const column of columns) {
    const clash = model.fields.find((field) => field.name === column.name);
    if (clash) throw new FieldSpecError(clash.source, `"${column.name}" is ${column.description}`);
  }
}
