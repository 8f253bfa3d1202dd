import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { exampleResources } from '../helpers/examples.js';
import { fieldTypes, parseFieldSpecs, type FieldType } from '../../src/resources/field-spec.js';
import type { ResourceModel } from '../../src/resources/model.js';
import { resourceNames } from '../../src/resources/names.js';
import { renderResource, type RenderedFile } from '../../src/resources/render.js';

/** A model as the command builds it: the parent's references field becomes `parent`, the rest stay fields. */
function model(
  table: string,
  specs: string[],
  { parent, related = [], owned = false }: { parent?: ResourceModel; related?: ResourceModel[]; owned?: boolean } = {},
): ResourceModel {
  const fields = parseFieldSpecs(specs);
  const parentField = parent && fields.find((field) => field.references?.resource === parent.names.table);
  const all = [...related, ...(parent ? [parent] : [])];
  return {
    names: resourceNames(table),
    fields: fields.filter((field) => field !== parentField),
    ...(parent && parentField ? { parent: { names: parent.names, field: parentField } } : {}),
    traits: [...(parent ? ['nested' as const] : []), ...(owned ? ['owned' as const] : [])],
    related: Object.fromEntries(all.flatMap((each) => [[each.names.table, each], ...Object.entries(each.related)])),
    migrationTimestamp: '20261126050000',
  };
}

const projects = model('projects', exampleResources.projects.fields);
const tasks = model('tasks', exampleResources.tasks.fields, { parent: projects });
const comments = model('comments', ['body:text', 'task:references(tasks):restrict'], { related: [tasks] });

/** One field of every type, with the modifiers each takes. */
const everyType: Record<FieldType, string> = {
  string: 'label:string:min(2):max(8):unique',
  text: 'notes:text?',
  integer: 'count:integer:range(0,10)=0',
  bigint: 'big:bigint?',
  decimal: 'price:decimal(10,2)=9.99',
  float: 'ratio:float:range(0,1)?',
  boolean: 'active:boolean=true',
  date: 'launch:date?',
  datetime: 'seenAt:datetime=now',
  uuid: 'ref:uuid:index',
  email: 'contact:email?',
  url: 'site:url?',
  json: 'meta:json?',
  enum: 'size:enum(s,m,l)=m',
  references: 'owner:references(projects)?:set-null',
};
const widgets = model('widgets', Object.values(everyType), { related: [projects] });
/** Rows that belong to users; and a resource of everyone's that refers to them. */
const notes = model('notes', ['title:string', 'body:text?', 'pinned:boolean=false'], { owned: true });
const annotations = model('annotations', ['body:text', 'note:references(notes):cascade'], { related: [notes] });

const file = (files: RenderedFile[], suffix: string) => {
  const found = files.find((each) => each.path.endsWith(suffix));
  if (!found) throw new Error(`no file ends with ${suffix}`);
  return found.content;
};
/** Collapses whitespace, so that a fragment matches however the raw output is laid out before Prettier. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('renderResource', () => {
  it('writes the migration and the five files of the module', () => {
    expect(renderResource(projects).map((each) => each.path)).toEqual([
      'migrations/20261126050000_create_projects.ts',
      'src/modules/projects/projects.schemas.ts',
      'src/modules/projects/projects.repository.ts',
      'src/modules/projects/projects.service.ts',
      'src/modules/projects/projects.routes.ts',
      'src/modules/projects/projects.test.ts',
    ]);
  });

  it('uses the kebab-case name for the folder and the URL, the snake_case name for the table', () => {
    const files = renderResource(model('order_items', ['quantity:integer']));

    expect(files.map((each) => each.path)).toContain('src/modules/order-items/order-items.routes.ts');
    expect(file(files, '.routes.ts')).toContain("'/v1/order-items/:id'");
    expect(file(files, 'create_order_items.ts')).toContain(".createTable('order_items')");
  });

  it('exports the names the command registers: <plural>Module and <PluralPascal>Table', () => {
    const files = renderResource(model('order_items', ['quantity:integer']));

    expect(file(files, '.routes.ts')).toContain('export const orderItemsModule: AppModule');
    expect(file(files, '.repository.ts')).toContain('export interface OrderItemsTable {');
  });

  it('is deterministic: the same model gives byte-identical files', () => {
    expect(renderResource(widgets)).toEqual(renderResource(widgets));
  });

  it('renders valid TypeScript that Prettier formats, for every file of a flat, a nested, an owned and an every-type resource', async () => {
    for (const files of [projects, tasks, comments, widgets, notes, annotations].map(renderResource)) {
      for (const { path, content } of files) {
        await expect(prettier.format(content, { filepath: path, singleQuote: true, printWidth: 120 })).resolves.toEqual(
          expect.any(String),
        );
      }
    }
  });

  describe('the migration', () => {
    const migration = flat(file(renderResource(projects), 'create_projects.ts'));

    it('names constraints and indexes as PostgreSQL would', () => {
      expect(migration).toContain(".addUniqueConstraint('projects_name_key', ['name'])");
      expect(migration).toContain(".addCheckConstraint('projects_name_check', sql`char_length(name) >= 1`)");
      expect(migration).toContain(
        ".addCheckConstraint('projects_status_check', sql`status IN ('active', 'archived')`)",
      );
      expect(migration).toContain("createIndex('projects_status_idx')");
      expect(migration).toContain("createIndex('projects_budget_idx')");
    });

    it('indexes what lists sort by or often filter by, and created_at and updated_at, but not a unique column', () => {
      expect(migration).not.toContain("createIndex('projects_name_idx')");
      // Every field is a filter, but a long text gets an index only when marked :index.
      expect(migration).not.toContain("createIndex('projects_description_idx')");
      expect(migration).not.toContain("createIndex('projects_description_idx')");
      expect(migration).toContain("createIndex('projects_created_at_idx')");
      expect(migration).toContain("createIndex('projects_updated_at_idx')");
    });

    it('keeps updated_at with the trigger, and drops the table on the way down', () => {
      expect(migration).toContain('CREATE TRIGGER projects_set_updated_at BEFORE UPDATE ON projects');
      expect(migration).toContain("await db.schema.dropTable('projects').execute();");
    });

    it('gives each foreign key its ON DELETE and an index', () => {
      const tasksMigration = flat(file(renderResource(tasks), 'create_tasks.ts'));
      const commentsMigration = flat(file(renderResource(comments), 'create_comments.ts'));
      const widgetsMigration = flat(file(renderResource(widgets), 'create_widgets.ts'));

      expect(tasksMigration).toContain(
        ".addForeignKeyConstraint('tasks_project_id_fkey', ['project_id'], 'projects', ['id'], (fk) => fk.onDelete('cascade'))",
      );
      expect(tasksMigration).toContain("createIndex('tasks_project_id_idx')");
      expect(commentsMigration).toContain("(fk) => fk.onDelete('restrict')");
      expect(widgetsMigration).toContain("(fk) => fk.onDelete('set null')");
      expect(widgetsMigration).toContain("createIndex('widgets_owner_id_idx')");
    });

    it('quotes a column that PostgreSQL reads as a key word in raw SQL', () => {
      const migration = flat(
        file(renderResource(model('settings', ['default:text', 'order:integer:range(1,9)'])), 'create_settings.ts'),
      );

      expect(migration).toContain('sql`char_length("default") >= 1`');
      expect(migration).toContain('sql`"order" BETWEEN 1 AND 9`');
    });
  });

  describe('a field of every type', () => {
    const files = renderResource(widgets);
    const migration = flat(file(files, 'create_widgets.ts'));
    const schemas = flat(file(files, '.schemas.ts'));
    const repository = flat(file(files, '.repository.ts'));

    it.each([
      ['string', "'varchar(8)'", 'z.string().min(2).max(8)'],
      ['text', "'text'", 'z.string().min(1)'],
      ['integer', "'integer'", 'z.int32().min(0).max(10)'],
      ['bigint', "'bigint'", 'bigintString()'],
      ['decimal', "'numeric(10, 2)'", 'decimalString(10, 2)'],
      ['float', "'double precision'", 'z.number().min(0).max(1)'],
      ['boolean', "'boolean'", 'z.boolean()'],
      ['date', "'date'", 'z.iso.date()'],
      ['datetime', "'timestamptz'", 'z.iso.datetime({ offset: true })'],
      ['uuid', "'uuid'", 'z.uuid()'],
      ['email', "'varchar(255)'", 'z.email().max(255)'],
      ['url', "'varchar(255)'", 'z.url({ protocol: /^https?$/ }).max(255)'],
      ['json', "'jsonb'", 'z.json()'],
      ['enum', "'text'", "z.enum(['s', 'm', 'l'])"],
      ['references', "'uuid'", 'z.uuid()'],
    ])('renders a %s field: its column type and its rules', (type, column, rules) => {
      const field = parseFieldSpecs([everyType[type as FieldType]])[0]!;

      expect(migration).toContain(`.addColumn('${field.column}', ${column}`);
      expect(schemas).toContain(`${field.name}: ${rules}`);
    });

    it('covers every type of the field language', () => {
      expect(Object.keys(everyType).sort()).toEqual([...fieldTypes].sort());
    });

    it('applies defaults in the create body and in the column', () => {
      expect(schemas).toContain("size: fields.size.default('m')");
      expect(schemas).toContain("price: fields.price.default('9.99')");
      expect(migration).toContain(".addColumn('size', 'text', (col) => col.notNull().defaultTo('m'))");
      expect(migration).toContain(".addColumn('seen_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))");
      // The database sets a datetime that defaults to now when the body leaves it out.
      expect(schemas).toContain('seenAt: fields.seenAt.optional()');
    });

    it('makes optional fields nullable, null when left out of a PUT, and clearable by PATCH', () => {
      expect(schemas).toContain('notes: fields.notes.nullable().default(null)');
      expect(schemas).toContain('notes: fields.notes.nullable().optional()');
      expect(schemas).toContain('label: fields.label.optional()');
    });

    it('sends json as JSON text and reads datetimes as Dates', () => {
      expect(repository).toContain('meta: toJsonText(input.meta)');
      expect(repository).toContain('seen_at: ColumnType<Date, string | undefined, string>');
      expect(repository).toContain('seenAt: row.seen_at.toISOString()');
    });

    it('sorts by ordered types, and filters by every type but json, with the operators of each', () => {
      expect(schemas).toContain(
        "widgetSortFields = ['createdAt', 'updatedAt', 'label', 'count', 'big', 'price', 'ratio', 'launch', 'seenAt', 'contact'] as const",
      );
      expect(schemas).toContain('count: numberQuerySchema(fields.count).optional()');
      expect(schemas).toContain("'count[gte]': numberQuerySchema(fields.count).optional()");
      expect(schemas).toContain("'launch[lt]': fields.launch.optional()");
      expect(schemas).toContain("'notes[contains]': containsQuerySchema.optional()");
      expect(schemas).toContain("'size[in]': listQuerySchema(fields.size).optional()");
      expect(schemas).toContain('active: z.stringbool().optional()');
      expect(schemas).toContain('ref: fields.ref.optional()');
      expect(schemas).toContain('ownerId: fields.ownerId.optional()');
      expect(schemas).not.toContain('meta: fields.meta.optional()');
      expect(schemas).not.toContain("'active[gt]'");
      expect(repository).toContain("query.where('seen_at', '>=', new Date(filters['seenAt[gte]']))");
      expect(repository).toContain("query.where('notes', 'ilike', containsPattern(filters['notes[contains]']))");
      expect(repository).toContain("query.where('size', 'in', filters['size[in]'])");
    });

    it('describes each filter in the OpenAPI document', () => {
      expect(schemas).toContain(".describe('Only widgets whose count is this or above')");
      expect(schemas).toContain(".describe('Only widgets whose launch is before this')");
      expect(schemas).toContain(".describe('Only widgets whose size is one of these, comma-separated (s,m,l)')");
    });
  });

  it('never makes a filter of a field named like a list parameter', () => {
    const schemas = flat(file(renderResource(model('books', ['page:integer', 'limit:integer:index'])), '.schemas.ts'));

    expect(schemas).toContain('bookFiltersSchema = z.object({ })');
  });

  it('scopes a nested resource to its parent in every query, and checks that the parent exists', () => {
    const files = renderResource(tasks);

    expect(file(files, '.routes.ts')).toContain("'/v1/projects/:projectId/tasks/:id'");
    expect(file(files, '.repository.ts')).toContain(".where('project_id', '=', projectId)");
    expect(file(files, '.service.ts')).toContain('if (!project) throw projectNotFound(projectId);');
    expect(file(files, '.schemas.ts')).toContain('projectId: z.uuid(),');
  });

  it('names variables around key words: a class is `theClass`', () => {
    const service = file(renderResource(model('classes', ['name:string'])), '.service.ts');

    expect(service).toContain('const theClass = await this.classes.findById(id);');
  });

  describe('the test file', () => {
    it('pins a validation case for each modifier, naming the field', () => {
      const test = file(renderResource(tasks), '.test.ts');

      for (const description of [
        'a missing title',
        'a title under 3 characters',
        'a title over 200 characters',
        'a priority below 1',
        'a priority above 5',
        'a priority that is not an integer',
        'a due date with no such day',
      ]) {
        expect(test).toContain(`['${description}',`);
      }
    });

    it('pins a 409 for each unique field, and a filter for each filterable one', () => {
      const test = file(renderResource(projects), '.test.ts');

      expect(test).toContain("it('returns 409 when the name is taken, without naming the constraint'");
      expect(test).toContain("it('filters by status: equal, in a list'");
      expect(test).toContain("it('filters by budget: equal, range'");
      expect(test).toContain("it('filters by description: equal, contains'");
      expect(test).toContain("it('sorts by budget in either order'");
    });

    it('makes the rows a resource needs through their endpoints, recursively', () => {
      const test = flat(file(renderResource(comments), '.test.ts'));

      expect(test).toContain('async function postTask(): Promise<Created> { const parent = await postProject();');
      expect(test).toContain('return post(`/v1/projects/${parent.id}/tasks`');
      expect(test).toContain("return post('/v1/projects', { name: `Name ${n}` });");
    });

    it('pins what each ON DELETE action does', () => {
      expect(file(renderResource(tasks), '.test.ts')).toContain('(ON DELETE CASCADE)');
      expect(file(renderResource(comments), '.test.ts')).toContain('(ON DELETE RESTRICT)');
      expect(file(renderResource(widgets), '.test.ts')).toContain('(ON DELETE SET NULL)');
    });

    it('pins the 422 of a reference to a row that does not exist', () => {
      expect(file(renderResource(comments), '.test.ts')).toContain(
        "it('returns 422 naming body.taskId when no task has that id, without naming the table'",
      );
    });

    it('pins the 404s of a nested resource: a missing parent, and a row of another parent', () => {
      const test = file(renderResource(tasks), '.test.ts');

      expect(test).toContain('const detail = `Project ${missing} does not exist`;');
      expect(test).toContain("it('returns 404 for a task of another project, on every route'");
    });
  });

  describe('an owned resource', () => {
    const files = renderResource(notes);
    const migration = flat(file(files, 'create_notes.ts'));
    const schemas = flat(file(files, '.schemas.ts'));
    const repository = flat(file(files, '.repository.ts'));
    const test = file(files, '.test.ts');

    it('has a required owner_id that references users, ON DELETE CASCADE, named and indexed as the others', () => {
      expect(migration).toContain(".addColumn('owner_id', 'uuid', (col) => col.notNull())");
      expect(migration).toContain(
        ".addForeignKeyConstraint('notes_owner_id_fkey', ['owner_id'], 'users', ['id'], (fk) => fk.onDelete('cascade'))",
      );
      expect(migration).toContain('// Deleting a user deletes the notes they own.');
      expect(migration).toContain("createIndex('notes_owner_id_idx').on('notes').column('owner_id')");
    });

    it('shows ownerId read-only: the entity has it, no body takes it', () => {
      expect(schemas.match(/ownerId:/g)).toHaveLength(1);
      expect(schemas).toMatch(/noteSchema = z \.object\(\{ id: z\.uuid\(\),[^}]* ownerId: z\.uuid\(\),/);
    });

    it('sets the owner from the caller, and scopes every other statement to the rows the caller reaches', () => {
      expect(repository).toContain('async create(ownerId: string, input: CreateNote)');
      expect(repository).toContain('owner_id: ownerId,');
      // findById, replace, update, delete, and the list and its count (whereFilters)
      expect(repository.match(/\.where\(ownedBy\(owners\)\)/g)).toHaveLength(5);
      expect(repository).toContain("'ownerId' in owners ? eb('owner_id', '=', owners.ownerId) : eb.lit(true)");
      expect(file(files, '.service.ts')).toContain("return ownerScope(caller, 'notes:all');");
    });

    it('requires notes:own on every route, and documents 401 and 403', () => {
      const routes = file(files, '.routes.ts');

      expect(routes).toContain("const config = { permission: 'notes:own' } as const;");
      expect(routes.match(/^ {6}config,$/gm)).toHaveLength(6);
      expect(routes.match(/401: problemResponses\[401\]/g)).toHaveLength(6);
      expect(routes.match(/403: problemResponses\[403\]/g)).toHaveLength(6);
    });

    it('renders each layer of an owned resource', async () => {
      const options = { singleQuote: true, printWidth: 120 };
      for (const layer of ['repository', 'service', 'routes']) {
        const content = file(files, `.${layer}.ts`);
        expect(await prettier.format(content, { ...options, filepath: `${layer}.ts` })).toMatchSnapshot(layer);
      }
    });

    it('tests it as a signed-in caller, and pins 401, the 404 of a row someone else owns, and what :all allows', () => {
      expect(test).toContain('caller = await signIn(app);');
      expect(test).toContain("it('returns 401 on every route without credentials'");
      expect(test).toContain("it('returns 400 for ownerId in a body: the owner is the caller, never the body'");
      expect(test).toContain(`it("returns 404 for another user's note on every route, as for one that does not exist"`);
      expect(test).toContain(`it("lists and counts only the caller's notes"`);
      expect(test).toContain(`it("lets an admin, who holds notes:all, read and change every user's notes"`);
      expect(test).toContain('ownerId: caller.user.id,');
      expect(test).not.toMatch(/app\.inject\(\{ method: 'POST', url, payload \}\)/);
    });

    it('signs in for a resource that refers to an owned one, and checks that each reference is within reach', () => {
      const files = renderResource(annotations);

      expect(file(files, '.test.ts')).toContain('caller = await signIn(app);');
      expect(file(files, '.test.ts')).not.toContain("describe('ownership'");
      expect(file(files, '.test.ts')).toContain("describe('references to rows that belong to users'");
      // Creating and changing one takes notes:own; reading stays public.
      expect(file(files, '.routes.ts').match(/config: \{ permission: 'notes:own' \},/g)).toHaveLength(3);
      expect(flat(file(files, '.service.ts'))).toContain(
        "if (body.noteId && !(await this.notes.findById(ownerScope(caller, 'notes:all'), body.noteId))) { throw new UnknownReferenceError('noteId');",
      );
    });

    it('renders a flat resource with no trace of ownership', () => {
      const flatFiles = renderResource(projects)
        .map((each) => each.content)
        .join('\n');

      expect(flatFiles).not.toMatch(/owner|signIn|permission/i);
    });
  });
});

describe('formatting rendered resources', () => {
  // The add command formats with Prettier's faster babel-ts parser; the service's `format:check` uses the
  // typescript parser. Both must print every rendered file the same way.
  it.each([
    ['projects', projects],
    ['tasks', tasks],
    ['comments', comments],
    ['widgets', widgets],
    ['notes', notes],
    ['annotations', annotations],
  ])('prints %s identically with the babel-ts and typescript parsers', async (_, resource) => {
    const options = { singleQuote: true, printWidth: 120 };
    for (const { path, content } of renderResource(resource)) {
      const withBabel = await prettier.format(content, { ...options, filepath: path, parser: 'babel-ts' });
      const withTypescript = await prettier.format(content, { ...options, filepath: path, parser: 'typescript' });
      expect(withBabel, path).toBe(withTypescript);
    }
  });
});
