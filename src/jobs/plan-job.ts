import { ProjectChanges } from '../engine/project-changes.js';
import { renderTemplate } from '../engine/render.js';
import { UserError } from '../errors.js';
import { FieldSpecError, parseFieldSpecs, type FieldSpec } from '../resources/field-spec.js';
import { fieldTypeDefinitions } from '../resources/field-types/index.js';
import { renderImports } from '../resources/imports.js';
import { docComment } from '../resources/render-names.js';
import { camelCase, kebabCase, words } from '../resources/names.js';
import type { PlanFormatter, ResourceProject } from '../resources/plan-resource.js';
import type { RenderedFile } from '../resources/render.js';
import { fieldSamples, tsLiteral } from '../resources/render-samples.js';
import { nextMigrationTimestamp, updateManifest } from '../resources/resource-files.js';
import type { ImportSpec } from '../resources/traits/types.js';

/** The list of the service's job types, which workers run: every job is registered there. */
export const jobsFile = 'src/jobs/index.ts';
const jobsVariable = 'jobs';

export interface JobRequest {
  name: string;
  fields: readonly string[];
  /** The time the queue's migration is named after. */
  now?: Date;
}

export interface JobPlan {
  /** Every change, staged: nothing is written until the command applies them. */
  changes: ProjectChanges;
  notes: string[];
  summary: string[];
}

/** Modifiers that describe a column, which a job's payload does not have. */
const columnModifiers = ['unique', 'index', 'searchable', 'cascade', 'restrict', 'set-null'] as const;
/** A payload id that a references field is given in the generated test. */
const sampleId = '00000000-0000-4000-8000-000000000001';

/**
 * `backend add job` as a function of the service and the request: the job's definition and handler stub in
 * src/jobs/<name>.job.ts, its test, its registration in src/jobs/index.ts, on pg-boss a migration creating its
 * queue, and backend.json; or a UserError naming what is wrong, before anything is written.
 */
export async function planJob(
  project: ResourceProject,
  request: JobRequest,
  formatter: Pick<PlanFormatter, 'formatEdited'> & { format(files: RenderedFile[]): Promise<RenderedFile[]> },
): Promise<JobPlan> {
  const { manifest } = project;
  if (!manifest.features.includes('queue')) {
    throw new UserError(
      'This service has no job queue: jobs need one (create-backend --queue pg-boss); nothing was written.',
    );
  }
  const notes: string[] = [];
  const name = jobName(request.name, notes);
  const recorded = manifest.jobs ?? [];
  if (recorded.some((job) => job.name === name) || project.read(jobPath(name)) !== undefined) {
    throw new UserError(`The job "${name}" exists already (${jobPath(name)}); nothing was written.`);
  }
  const fields = parseFieldSpecs([...request.fields]);
  checkPayloadFields(
    fields,
    manifest.resources.map((resource) => resource.name),
  );

  const pgBoss = manifest.features.includes('queue-pgboss');
  const migration = pgBoss
    ? `${nextMigrationTimestamp(project.list('migrations'), request.now)}_create_${name.replaceAll('-', '_')}_job_queue.ts`
    : undefined;
  const rendered = renderJob(name, fields, migration);

  const changes = new ProjectChanges(project.root, (path) => project.read(path));
  if (!changes.load(jobsFile)) {
    throw new UserError(`Cannot edit ${jobsFile}: the file is missing (was it moved?); nothing was written.`);
  }
  const { SourceEditor } = await import('../engine/ast-edits.js');
  const editor = new SourceEditor(changes.tree);
  const variable = jobVariable(name);
  editor.addNamedImport(jobsFile, `./${name}.job.js`, variable);
  editor.addArrayElement(jobsFile, jobsVariable, variable);
  const edited = editor.save();
  for (const file of await formatter.format(rendered)) changes.create(file.path, file.content);
  await formatter.formatEdited(changes, edited);
  updateManifest(
    changes,
    { ...manifest, jobs: [...recorded, { name, fields: fields.map((field) => field.source) }] },
    manifest.resources,
  );

  return {
    changes,
    notes,
    summary: [
      `Added the ${name} job: ${jobPath(name)}, with its test.`,
      `Enqueue it with \`queue.enqueue(${variable}, { ... }, { transaction })\`; workers run it once restarted.`,
      ...(pgBoss
        ? ['Run `npm run db:migrate` against DATABASE_URL to create its queue (`npm run dev` migrates).']
        : []),
    ],
  };
}

/** A job name: kebab-case, whatever case it was written in (`sendReport` is `send-report`). */
export function jobName(written: string, notes: string[] = []): string {
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(written)) {
    throw new UserError(`Invalid job name "${written}": use letters, digits, - and _, starting with a letter.`);
  }
  const name = kebabCase(written);
  if (name !== written) notes.push(`Using "${name}" for "${written}": job names are kebab-case.`);
  return name;
}

const jobPath = (name: string) => `src/jobs/${name}.job.ts`;
const jobVariable = (name: string) => `${camelCase(name)}Job`;

function checkPayloadFields(fields: readonly FieldSpec[], resources: readonly string[]): void {
  for (const field of fields) {
    const modifier = columnModifiers.find((candidate) => new RegExp(`:${candidate}\\b`).test(field.source));
    if (modifier) throw new FieldSpecError(field.source, `"${modifier}" is about a table's column; a payload has none`);
    const target = field.references?.resource;
    if (target !== undefined && !resources.includes(target)) {
      throw new FieldSpecError(field.source, `"${target}" is not a resource of this service`);
    }
  }
}

/** The job's files, unformatted. */
export function renderJob(name: string, fields: readonly FieldSpec[], migration: string | undefined): RenderedFile[] {
  const variable = jobVariable(name);
  const imports: ImportSpec[] = [
    { from: 'zod', names: [{ name: 'z' }] },
    { from: './job.js', names: [{ name: 'defineJob' }] },
  ];
  const seenComments = new Set<string>();
  const payloadFields = fields.map((field) => {
    const type = fieldTypeDefinitions[field.type];
    if (type.jsonValuesHelper)
      imports.push({ from: '../lib/json-values.js', names: [{ name: type.jsonValuesHelper }] });
    // Said of the types that travel in a form of their own (a decimal as a string); the others need no word.
    const comment = type.jsonValuesHelper ? (type.comment?.(field) ?? '') : '';
    const firstOfItsKind = comment !== '' && !seenComments.has(comment);
    seenComments.add(comment);
    return { name: field.name, payload: payloadRules(field), comment: firstOfItsKind ? comment : '' };
  });
  const doc = docComment(
    `The ${name} job. Enqueue it with \`queue.enqueue(${variable}, { ... }, { transaction })\`, in the transaction ` +
      'of the write it follows from, so that it exists if and only if that write commits. Its policy (retries, the ' +
      'time one run may take, how many run at once) is `defaultJobPolicy` in job.ts unless it sets `policy` here.',
  );
  const context = { name, variable, doc, words: words(name).join(' '), fields: payloadFields };
  const files: RenderedFile[] = [
    { path: jobPath(name), content: renderTemplate('job/job.ts.hbs', { ...context, imports: renderImports(imports) }) },
    {
      path: `src/jobs/${name}.job.test.ts`,
      content: renderTemplate('job/job.test.ts.hbs', { ...context, ...testSamples(fields) }),
    },
  ];
  if (migration) {
    files.push({
      path: `migrations/${migration}`,
      content: renderTemplate('job/queue-migration-pgboss.ts.hbs', context),
    });
  }
  return files;
}

/** A field's schema in the payload: its type's rules; optional (may be left out, or null) or with its default. */
function payloadRules(field: FieldSpec): string {
  const type = fieldTypeDefinitions[field.type];
  const rules = type.rules(field);
  const nullable = field.optional ? '.nullable()' : '';
  if (field.defaultValue !== undefined)
    return `${rules}${nullable}.default(${type.zodDefault(field.defaultValue, field)})`;
  return field.optional ? `${rules}.nullable().optional()` : rules;
}

/** A valid payload (each field's first sample), and the changes to it that the schema must refuse. */
function testSamples(fields: readonly FieldSpec[]) {
  const members: string[] = [];
  const invalid: { description: string; value: string }[] = [];
  for (const field of fields) {
    const samples = fieldSamples(field);
    const example = field.references ? sampleId : samples.examples[0];
    members.push(`${field.name}: ${tsLiteral(example)}`);
    for (const each of samples.invalid)
      invalid.push({ description: each.description, value: `{ ${field.name}: ${each.value} }` });
    if (!field.optional && field.defaultValue === undefined) {
      invalid.push({ description: `no ${words(field.name).join(' ')}`, value: `{ ${field.name}: undefined }` });
    }
  }
  return { payload: members.length === 0 ? '{}' : `{ ${members.join(', ')} }`, invalid };
}
