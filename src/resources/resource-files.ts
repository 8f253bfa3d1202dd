import { UserError } from '../errors.js';
import type { ProjectChanges } from '../engine/project-changes.js';
import { fileRecord } from '../engine/file-kinds.js';
import { manifestPath } from '../engine/manifest-path.js';
import type { Manifest } from '../project.js';
import { parseFieldSpec, parseFieldSpecs, type FieldSpec } from './field-spec.js';
import type { ResourceModel, ResourceRecord, ServiceFacts } from './model.js';
import { resourceNames, singularize, type ResourceNames } from './names.js';
import { tsString } from './render-fields.js';
import { type Grant, traitIds, type TraitId } from './traits/types.js';

/**
 * Where the service lists its modules and its tables: the two places every resource is registered (and where
 * it grants the permissions its traits add).
 */
export const modulesFile = 'src/modules/index.ts';
export const databaseFile = 'src/db/schema.ts';
/** Where a service with Elasticsearch lists the index of every searchable resource (for search:reindex). */
export const searchIndexesFile = 'src/modules/search-indexes.ts';

/** The service's table of who may do what (every auth style writes it), and the object literal in it. */
export const permissionsFile = 'src/auth/permissions.ts';
export const grantsVariable = 'grants';

export const moduleExport = (names: ResourceNames) => `${names.plural}Module`;
export const tableType = (names: ResourceNames) => `${names.pluralPascal}Table`;
export const moduleDir = (names: ResourceNames) => `src/modules/${names.kebab}`;

/** Rebuilds the model of a recorded resource (and, recursively, of those it refers to). */
export function modelFromRecord(
  record: ResourceRecord,
  records: readonly ResourceRecord[],
  service: ServiceFacts = {},
): ResourceModel {
  const byName = new Map(records.map((candidate) => [candidate.name, candidate]));
  const build = (current: ResourceRecord, seen: Set<string>): ResourceModel => {
    const fields = parseFieldSpecs(current.fields);
    const parentField = current.parent ? parentKey(fields, current.parent) : undefined;
    const related: Record<string, ResourceModel> = {};
    for (const target of referencedResources(fields, current.parent)) {
      const targetRecord = byName.get(target);
      if (!targetRecord || seen.has(target)) continue;
      const model = build(targetRecord, new Set([...seen, target]));
      related[target] = model;
      Object.assign(related, model.related);
    }
    return {
      names: resourceNames(current.name),
      fields: parentField ? fields.filter((field) => field !== parentField) : fields,
      parent: current.parent && parentField ? { names: resourceNames(current.parent), field: parentField } : undefined,
      traits: recordedTraits(current),
      related,
      migrationTimestamp: current.migration.split('_')[0] ?? '',
      ...service,
    };
  };
  return build(record, new Set([record.name]));
}

/** The traits of a recorded resource: nested when it has a parent; `owned: true` in records of the first version. */
export function recordedTraits(record: ResourceRecord): TraitId[] {
  const recorded = [...(record.traits ?? []), ...(record.owned ? ['owned' as const] : [])];
  return traitIds.filter((id) => (id === 'nested' ? record.parent !== undefined : recorded.includes(id)));
}

/**
 * The field that points at the parent of a nested resource: the references field the user gave, or, when
 * there is none, a required one added with ON DELETE CASCADE (children do not outlive their parent).
 */
export function parentKey(fields: FieldSpec[], parent: string): FieldSpec {
  const given = fields.find((field) => field.references?.resource === parent);
  if (given) return given;
  const added = parseFieldSpec(`${singularize(parent)}:references(${parent}):cascade`);
  fields.push(added);
  return added;
}

export function referencedResources(fields: readonly FieldSpec[], parent?: string): string[] {
  const names = fields.flatMap((field) => (field.references ? [field.references.resource] : []));
  return [...new Set(parent ? [parent, ...names] : names)];
}

/** A timestamp (YYYYMMDDHHMMSS, UTC) later than every migration the project has (by file name), so it runs last. */
export function nextMigrationTimestamp(migrations: readonly string[], now = new Date()): string {
  const format = (date: Date) => date.toISOString().replace(/\D/g, '').slice(0, 14);
  let timestamp = format(now);
  const existing = migrations
    .map((file) => file.split('_')[0] ?? '')
    .filter((prefix) => /^\d{14}$/.test(prefix))
    .sort();
  const latest = existing.at(-1);
  if (latest && latest >= timestamp) {
    // One second after the latest, as a real time: 20261126052159 is followed by 20261126052200.
    const [, year, month, day, hour, minute, second] = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(latest)!;
    timestamp = format(new Date(Date.UTC(+year!, +month! - 1, +day!, +hour!, +minute!, +second! + 1)));
  }
  return timestamp;
}

/** What registerResource adds to the files every resource is listed in. */
export interface Registrations {
  names: ResourceNames;
  permissions: readonly Grant[];
  /** The repository's export of its search index, when Elasticsearch keeps one (traits/searchable.ts) */
  searchIndex?: string;
}

// ts-morph carries a whole TypeScript compiler: it is loaded when an edit is about to happen, not before.
async function sourceEditor(changes: ProjectChanges) {
  const { SourceEditor } = await import('../engine/ast-edits.js');
  return new SourceEditor(changes.tree);
}

/**
 * Registers the module in src/modules/index.ts and its table in the Database interface, and grants the
 * permissions its traits add (an owned resource's) in src/auth/permissions.ts.
 */
export async function registerResource(
  changes: ProjectChanges,
  { names, permissions, searchIndex }: Registrations,
): Promise<string[]> {
  const editor = await sourceEditor(changes);
  loadOrFail(changes, modulesFile);
  loadOrFail(changes, databaseFile);
  if (searchIndex) {
    loadOrFail(changes, searchIndexesFile);
    editor.addNamedImport(searchIndexesFile, `./${names.kebab}/${names.kebab}.repository.js`, searchIndex);
    editor.addArrayElement(searchIndexesFile, 'searchIndexes', searchIndex);
  }
  editor.addNamedImport(modulesFile, `./${names.kebab}/${names.kebab}.routes.js`, moduleExport(names));
  editor.addArrayElement(modulesFile, 'modules', moduleExport(names));
  editor.addNamedImport(databaseFile, `../modules/${names.kebab}/${names.kebab}.repository.js`, tableType(names), {
    typeOnly: true,
  });
  editor.addInterfaceProperty(databaseFile, 'Database', names.table, tableType(names));
  if (permissions.length > 0) {
    loadOrFail(changes, permissionsFile);
    for (const { name, roles, description } of permissions) {
      const granted = `[${roles.map(tsString).join(', ')}]`;
      editor.addObjectProperty(permissionsFile, grantsVariable, tsString(name), granted, description);
    }
  }
  return editor.save();
}

/** Undoes registerResource. */
export async function unregisterResource(
  changes: ProjectChanges,
  { names, permissions, searchIndex }: Registrations,
): Promise<string[]> {
  const editor = await sourceEditor(changes);
  loadOrFail(changes, modulesFile);
  loadOrFail(changes, databaseFile);
  if (searchIndex && changes.load(searchIndexesFile)) {
    editor.removeArrayElement(searchIndexesFile, 'searchIndexes', searchIndex);
    editor.removeNamedImport(searchIndexesFile, searchIndex);
  }
  editor.removeArrayElement(modulesFile, 'modules', moduleExport(names));
  editor.removeNamedImport(modulesFile, moduleExport(names));
  editor.removeInterfaceProperty(databaseFile, 'Database', names.table);
  editor.removeNamedImport(databaseFile, tableType(names));
  if (permissions.length > 0) {
    loadOrFail(changes, permissionsFile);
    for (const { name } of permissions) {
      editor.removeObjectProperty(permissionsFile, grantsVariable, tsString(name));
    }
  }
  return editor.save();
}

function loadOrFail(changes: ProjectChanges, path: string): void {
  if (!changes.load(path)) {
    throw new UserError(`Cannot edit ${path}: the file is missing (was it moved?); nothing was written.`);
  }
}

/** Writes backend.json with the new resources and the hashes of every file the command wrote. */
export function updateManifest(changes: ProjectChanges, manifest: Manifest, resources: ResourceRecord[]): void {
  const files = { ...manifest.files };
  for (const change of changes.changes()) {
    if (change.path === manifestPath) continue;
    if (change.after === undefined) delete files[change.path];
    else files[change.path] = fileRecord(change.path, change.after, files[change.path]);
  }
  const sortedFiles = Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  changes.write(manifestPath, `${JSON.stringify({ ...manifest, resources, files: sortedFiles }, null, 2)}\n`);
}
