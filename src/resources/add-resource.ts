import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Output } from '../cli/output.js';
import { unifiedDiff } from '../engine/diff.js';
import type { FormatWorker } from '../engine/format-worker.js';
import { ProjectChanges, type Change } from '../engine/project-changes.js';
import { UserError } from '../errors.js';
import { findProject, type Manifest } from '../project.js';
import { FieldSpecError, parseFieldSpecs } from './field-spec.js';
import type { ResourceRecord } from './model.js';
import { isPlural, parentParam, pluralize, resourceNames, snakeCase, type ResourceNames } from './names.js';
import { mergeContributions } from './traits/index.js';
import { ownerKey } from './traits/owned.js';
import {
  modelFromRecord,
  moduleDir,
  nextMigrationTimestamp,
  parentKey,
  referencedResources,
  registerResource,
  updateManifest,
} from './resource-files.js';

export interface AddResourceRequest {
  cwd: string;
  name: string;
  fields: string[];
  parent?: string;
  /** Rows belong to users: the caller owns what they create and reaches only their own rows. */
  owned?: boolean;
  dryRun: boolean;
  /** Asks for fields one by one when none were given on a terminal. */
  askField?: (question: string) => Promise<string>;
}

/**
 * `backend add resource`: renders the resource's migration and module, registers the module and its table,
 * records it in backend.json, and writes it all in one step (or, with --dry-run, shows it and writes nothing).
 */
export async function addResource(request: AddResourceRequest, output: Output, worker: FormatWorker): Promise<void> {
  const project = await findProject(request.cwd);
  const records = project.manifest.resources;
  const name = resourceName(request.name, output);
  if (
    records.some((record) => record.name === name) ||
    existsSync(join(project.root, moduleDir(resourceNames(name))))
  ) {
    throw new UserError(
      `The resource "${name}" exists already; remove it first with \`backend remove resource ${name}\`.`,
    );
  }

  const owned = Boolean(request.owned);
  if (owned) assertOwnable(project.manifest, request.parent);

  const specs = request.fields.length > 0 ? request.fields : await askFields(request, output);
  const fields = parseFieldSpecs(specs);
  const ownerClash = owned ? fields.find((field) => field.name === ownerKey.name) : undefined;
  if (ownerClash) throw new FieldSpecError(ownerClash.source, `"${ownerKey.name}" is the owner that --owned adds`);
  const parent = request.parent === undefined ? undefined : resourceName(request.parent, output);
  const parentRecord = records.find((record) => record.name === parent);
  if (parent !== undefined && !parentRecord) {
    throw new UserError(`The parent "${parent}" is not a resource of this service; add it first.`);
  }
  if (parentRecord?.owned) {
    throw new UserError(
      `Cannot nest under ${parent}: its rows belong to users, and nested resources do not inherit ownership yet.`,
    );
  }
  if (parentRecord?.parent !== undefined) {
    throw new UserError(
      `Cannot nest under ${parent}: it is nested under ${parentRecord.parent} itself, and one level of nesting is the most this version writes.`,
    );
  }
  if (parent !== undefined) {
    const given = fields.some((field) => field.references?.resource === parent);
    // Adds a required key with ON DELETE CASCADE when the fields name none.
    const key = parentKey(fields, parent);
    if (!given) output.info(`Nested under ${parent}: each ${name} row gets ${key.name} (ON DELETE CASCADE).`);
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
  for (const target of referencedResources(fields)) {
    const field = fields.find((candidate) => candidate.references?.resource === target);
    if (target === name) throw new FieldSpecError(field?.source ?? target, 'a resource cannot reference itself yet');
    if (!records.some((record) => record.name === target)) {
      throw new FieldSpecError(field?.source ?? target, `"${target}" is not a resource of this service; add it first`);
    }
  }

  const migrationTimestamp = nextMigrationTimestamp(project.root);
  const record: ResourceRecord = {
    name,
    fields: fields.map((field) => field.source),
    ...(parent === undefined ? {} : { parent }),
    ...(owned ? { owned } : {}),
    migration: `${migrationTimestamp}_create_${name}.ts`,
  };
  const model = modelFromRecord(record, [...records, record]);

  const changes = new ProjectChanges(project.root);
  const prettierOptions = JSON.parse(changes.read('.prettierrc.json')) as object;
  const rendered = worker.renderAndFormat(
    { module: new URL('./render.js', import.meta.url), exportName: 'renderResource', argument: model },
    prettierOptions,
  );
  const contributions = mergeContributions(model);
  const edited = await registerResource(changes, {
    names: model.names,
    permissions: contributions.all((each) => each.permissions),
  });
  for (const file of await rendered) changes.create(file.path, file.content);
  await formatEditedFiles(changes, edited, worker, prettierOptions);
  updateManifest(changes, project.manifest, [...records, record]);

  report(changes.changes(), request.dryRun, output);
  if (request.dryRun) return;
  await changes.apply();
  output.info('');
  const parentPath = model.parent ? `${model.parent.names.kebab}/:${parentParam(model.parent.names)}/` : '';
  output.info(`Added ${name}: /v1/${parentPath}${model.names.kebab}.`);
  for (const note of contributions.all((each) => each.note)) output.info(note);
  output.info('Next: restart `npm run dev` (the embedded database migrates on start), or run `npm run db:migrate`');
  output.info(`against DATABASE_URL; then \`npm test\`, and try it at http://localhost:3000/docs.`);
}

/**
 * `--owned` needs users to own the rows (a service generated with an auth style), and does not combine with
 * `--parent` yet: a nested resource would have to take its ownership from its parent.
 */
function assertOwnable(manifest: Manifest, parent: string | undefined): void {
  if (manifest.options.auth === 'none') {
    throw new UserError(
      '--owned needs a service with auth (rows belong to users), and this one was generated with --auth none.',
    );
  }
  if (parent !== undefined) {
    throw new UserError(
      '--owned with --parent is not supported yet: nested resources will inherit ownership through their parent in a later version.',
    );
  }
}

/** A resource name: a plural noun in any case; a singular one is made plural, with a note. */
export function resourceName(written: string, output: Output): string {
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(written)) {
    throw new UserError(`Invalid resource name "${written}": use letters, digits, - and _, starting with a letter.`);
  }
  const name = snakeCase(written);
  if (isPlural(name)) return name;
  const plural = pluralize(name);
  output.info(`Using the plural "${plural}" for "${written}": resources are plural nouns (/v1/${plural}).`);
  return plural;
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
