import { renderTemplate } from '../engine/render.js';
import { UserError } from '../errors.js';
import type { OnDelete } from './field-spec.js';
import type { ResourceModel } from './model.js';
import type { ResourceNames } from './names.js';
import { onDeleteSql, renderField, renderParentKey, sqlName, tsString, type RenderedField } from './render-fields.js';
import { capitalize, docComment, lineComment, variableName, withArticle } from './render-names.js';
import { testPlan } from './render-test-plan.js';

export interface RenderedFile {
  path: string;
  content: string;
}

/** The layers of a module, in the order of its files; each is a template under templates/resource/. */
const layers = ['schemas', 'repository', 'service', 'handler', 'routes', 'test'] as const;
type Layer = (typeof layers)[number];
/** Layers whose nested variant (under a parent, `/v1/projects/:projectId/tasks`) is a template of its own. */
const nestedLayers: readonly Layer[] = ['repository', 'service', 'handler', 'routes'];

/**
 * Renders a resource: its migration, and its module (schemas, repository, service, handler, routes and test) in
 * src/modules/<name>/. The output is not formatted yet: the command runs Prettier on it.
 */
export function renderResource(model: ResourceModel): RenderedFile[] {
  const context = resourceContext(model);
  const { names } = model;
  const moduleDir = `src/modules/${names.kebab}`;
  const migration = {
    path: `migrations/${model.migrationTimestamp}_create_${names.table}.ts`,
    content: renderTemplate(template('migration'), context),
  };
  const modules = layers.map((layer) => {
    const name = model.parent && nestedLayers.includes(layer) ? `nested/${layer}` : layer;
    const layerContext = { ...context, schemaImports: context.schemaImports[layer] };
    return {
      path: `${moduleDir}/${names.kebab}.${layer}.ts`,
      content: renderTemplate(
        template(name),
        layer === 'test' ? { ...layerContext, ...testPlan(model, context.fields, context.entity) } : layerContext,
        partials(),
      ),
    };
  });
  return [migration, ...modules];
}

/** What the flat and the nested variant of a layer share, included by name (`{{> repositoryTypes}}`). */
function partials(): Record<string, string> {
  return { repositoryTypes: template('partials/repository-types') };
}

/** The path of templates/resource/<name>.ts.hbs, relative to templates/. */
function template(name: string): string {
  return `resource/${name}.ts.hbs`;
}

/** Everything the templates of one resource insert, computed once. */
function resourceContext(model: ResourceModel) {
  const { names } = model;
  if (model.fields.length === 0) {
    const besides = model.parent
      ? ` besides ${model.parent.field.name}, its ${model.parent.names.singularWords}'s id`
      : '';
    throw new UserError(`The resource "${names.table}" needs at least one field${besides}.`);
  }
  if (model.parent && model.related[model.parent.names.table]?.parent) {
    throw new UserError(
      `The resource "${names.table}" cannot be nested under ${model.parent.names.table}, which is nested itself: ` +
        'nest it under a top-level resource, or give it a references field instead.',
    );
  }
  // A type's comment explains the type, so it is said once: above the first field of that type.
  const fields = model.fields
    .map((field) => renderField(field, names.singularPascal))
    .map((field, index, all) =>
      all.findIndex((other) => other.spec.type === field.spec.type) === index ? field : { ...field, comment: '' },
    );
  const parent = model.parent ? parentContext(model) : undefined;
  const entity = variableName(names.singular);
  const basePath = parent ? `/v1/${parent.names.kebab}/:${parent.param}/${names.kebab}` : `/v1/${names.kebab}`;

  const columns = [
    ...fields,
    ...(parent
      ? [
          {
            name: parent.name,
            column: parent.column,
            columnType: 'uuid',
            columnBuilder: parent.columnBuilder,
            rowType: parent.rowType,
            rowComment: '',
            fromRow: `row.${parent.column}`,
          },
        ]
      : []),
  ];
  const filters = fields.filter((field) => field.filter);
  const casts = new Set(filters.map((field) => field.filterCast));

  return {
    names,
    tableSql: sqlName(names.table),
    entity,
    basePath,
    openApiPath: basePath.replace(/:(\w+)/g, '{$1}'),
    singularWithArticle: withArticle(names.singularWords),
    notFoundPrefix: capitalize(names.singularWords),
    fields,
    columns,
    // The errors a write can meet besides 400 (and 404): only those its fields make possible.
    writeProblems: [
      ...(model.fields.some((field) => field.unique) || model.parent?.field.unique ? ['409'] : []),
      ...(model.fields.some((field) => field.references) ? ['422'] : []),
    ],
    sortable: fields.filter((field) => field.sortable),
    sortFields: ['createdAt', 'updatedAt', ...fields.filter((field) => field.sortable).map((field) => field.name)]
      .map(tsString)
      .join(', '),
    filters,
    filterComment: filterComment(casts.has('boolean'), casts.has('number')),
    hasJson: fields.some((field) => field.spec.type === 'json'),
    jsonValuesImports: [...new Set(fields.flatMap((field) => field.jsonValuesHelper ?? []))].sort().join(', '),
    parent: parent ?? false,
    ...migrationContext(model, fields, parent),
    ...documentation(names, fields, parent),
    schemaImports: schemaImports(names, parent?.names),
  };
}

type ParentContext = ReturnType<typeof parentContext>;

function parentContext(model: ResourceModel) {
  const { names: parentNames, field } = model.parent!;
  const key = renderParentKey(field, parentNames);
  return {
    ...key,
    names: parentNames,
    schema: key.entity,
    variable: variableName(parentNames.singular, new Set([variableName(model.names.singular)])),
    onDelete: field.references?.onDelete ?? ('cascade' as OnDelete),
  };
}

function filterComment(booleans: boolean, numbers: boolean): string {
  if (!booleans && !numbers) return '';
  const parts = [
    ...(booleans ? ["'true'/'false' (also 1/0, yes/no) become booleans"] : []),
    ...(numbers ? ['numbers are cast, then checked'] : []),
  ];
  return `Query values are text: ${parts.join('; ')}.`;
}

/** Constraints, foreign keys and indexes, named as PostgreSQL would name them. */
function migrationContext(model: ResourceModel, fields: RenderedField[], parent: ParentContext | undefined) {
  const { names } = model;
  const constraint = (column: string, suffix: string) => `${names.table}_${column}_${suffix}`;
  const foreignKeys = [
    ...fields.flatMap((field) =>
      field.foreignKey ? [{ column: field.column, ...field.foreignKey, unique: field.spec.unique }] : [],
    ),
    ...(parent ? [{ column: parent.column, table: parent.names.table, onDelete: parent.onDelete, unique: false }] : []),
  ];
  const relatedNames = (table: string): ResourceNames => {
    const related = table === parent?.names.table ? parent : model.related[table];
    if (!related) throw new Error(`The model of ${names.table} lacks the resource it refers to: ${table}`);
    return related.names;
  };
  const deleteEffect: Record<OnDelete, (target: string, column: string) => string> = {
    cascade: (target) => `Deleting ${withArticle(target)} deletes its ${names.pluralWords}.`,
    restrict: (target) => `${capitalize(withArticle(target))} that still has ${names.pluralWords} cannot be deleted.`,
    'set-null': (target, column) =>
      `Deleting ${withArticle(target)} sets ${column} to NULL in its ${names.pluralWords}.`,
  };

  const uniqueColumns = fields.filter((field) => field.spec.unique);
  const listed = fields.filter((field) => !field.foreignKey && (field.sortable || field.filter || field.spec.index));
  const indexed = [
    ...(parent ? [parent.column] : []),
    ...foreignKeys.filter((key) => key.column !== parent?.column && !key.unique).map((key) => key.column),
    ...listed.filter((field) => !field.spec.unique).map((field) => field.column),
    'created_at',
    'updated_at',
  ];
  const uniqueListed = listed.filter((field) => field.spec.unique).map((field) => field.column);
  const uniqueNote =
    uniqueListed.length === 0
      ? ''
      : uniqueListed.length === 1
        ? ` (${uniqueListed[0]} needs none: its unique constraint is an index)`
        : ` (${uniqueListed.join(' and ')} need none: their unique constraints are indexes)`;
  const onDeleteWork: Record<OnDelete, string> = {
    cascade: 'the cascade',
    restrict: 'the check',
    'set-null': 'the update',
  };
  const work = [...new Set(foreignKeys.map((key) => onDeleteWork[key.onDelete]))].join(' and ');
  const indexText =
    foreignKeys.length > 0
      ? `An index for each foreign key (joins, and ${work} on delete), and for the columns a list filters or sorts by${uniqueNote}.`
      : `Indexes for the columns a list filters or sorts by${uniqueNote}.`;

  return {
    uniqueConstraints: [
      ...uniqueColumns.map((field) => ({ name: constraint(field.column, 'key'), column: field.column })),
      ...(parent && model.parent!.field.unique
        ? [{ name: constraint(parent.column, 'key'), column: parent.column }]
        : []),
    ],
    checkConstraints: fields
      .filter((field) => field.check)
      .map((field) => ({ name: constraint(field.column, 'check'), expression: field.check })),
    foreignKeys: foreignKeys.map((key) => ({
      name: constraint(key.column, 'fkey'),
      column: key.column,
      table: key.table,
      onDelete: onDeleteSql[key.onDelete],
      comment: deleteEffect[key.onDelete](relatedNames(key.table).singularWords, key.column),
    })),
    indexes: indexed.map((column) => ({ name: constraint(column, 'idx'), column })),
    indexComment: lineComment(indexText, '  '),
  };
}

/** The doc comments and route summaries, which name the resource (and its parent) in prose. */
function documentation(names: ResourceNames, fields: RenderedField[], parent: ParentContext | undefined) {
  const one = withArticle(names.singularWords);
  const optionalNote = fields.some((field) => field.optional)
    ? ' Optional fields are present, as null, when they have no value.'
    : '';
  const inParent = parent ? `${withArticle(parent.names.singularWords)}'s ${names.pluralWords}` : names.pluralWords;
  const parentWords = parent?.names.singularWords ?? '';
  return {
    entityDoc: docComment(
      parent
        ? `${capitalize(one)} as the API shows it. ${capitalize(names.pluralWords)} live inside ${withArticle(parentWords)}: ` +
            `${parent.name} comes from the path, never from a body, and is shown here read-only.${optionalNote}`
        : `${capitalize(one)} as the API shows it.${optionalNote}`,
    ),
    repositoryDoc: docComment(
      parent
        ? `Reads and writes ${names.pluralWords}. ${capitalize(names.pluralWords)} belong to ${withArticle(parentWords)}: ` +
            `every method takes its id and touches that ${parentWords}'s ${names.pluralWords} only, so ${one} is never ` +
            `reached through another ${parentWords}'s path. Every value is sent as a parameter.`
        : `Reads and writes ${names.pluralWords}. Every query is built by Kysely, so every value is sent as a parameter.`,
    ),
    serviceDoc: docComment(
      parent
        ? `What can be done with ${inParent}. Knows nothing of HTTP: it takes plain values and throws errors from ` +
            `lib/errors. Every method first checks that the ${parentWords} exists, so that a missing ${parentWords} ` +
            `is told apart from a missing ${names.singularWords} (both are 404s, with different messages), and an ` +
            `empty list of ${withArticle(parentWords)} that does not exist is not mistaken for ` +
            `${withArticle(parentWords)} without ${names.pluralWords}.`
        : `What can be done with ${names.pluralWords}. Knows nothing of HTTP: it takes plain values and throws errors from lib/errors.`,
    ),
    handlerDoc: docComment(
      `The HTTP side of ${names.pluralWords}: each method takes a request whose params, query and body the ` +
        "route's schemas have already validated, calls the service, and picks the status code. The body it returns " +
        "is shaped by the route's response schema; errors are thrown and answered by the global error handler.",
    ),
    routesDoc: docComment(
      parent
        ? `/v1/${parent.names.kebab}/:${parent.param}/${names.kebab}: list, get, create, replace, update and delete ` +
            `${inParent} (404 when the ${parentWords} does not exist). Each route declares zod schemas for what it ` +
            'takes and what it answers; they validate the request (400 on failure) and produce the OpenAPI document.'
        : `/v1/${names.kebab}: list, get, create, replace, update and delete ${names.pluralWords}. Each route declares ` +
            'zod schemas for what it takes and what it answers; they validate the request (400 on failure) and ' +
            'produce the OpenAPI document.',
    ),
    summaries: {
      list: tsString(`List ${inParent}, a page at a time, filtered and sorted`),
      get: tsString(`Get ${one}`),
      create: tsString(parent ? `Create ${one} in ${withArticle(parentWords)}` : `Create ${one}`),
      replace: tsString(`Replace ${one}: every field is set, optional ones left out become null`),
      update: tsString(`Update some fields of ${one}`),
      delete: tsString(`Delete ${one}`),
    },
  };
}

/** What each file imports from the module's schemas, sorted as an editor's "organize imports" would. */
function schemaImports(names: ResourceNames, parentNames: ResourceNames | undefined): Record<Layer, string> {
  const entity = names.singularPascal;
  const parentParams = parentNames ? `${parentNames.singularPascal}${names.pluralPascal}Params` : undefined;
  const types = [
    `Create${entity}`,
    entity,
    `${entity}Filters`,
    `${entity}SortField`,
    `Replace${entity}`,
    `Update${entity}`,
  ];
  const handler = [
    `Create${entity}`,
    `List${names.pluralPascal}Query`,
    `${entity}Params`,
    `Replace${entity}`,
    `Update${entity}`,
  ];
  const routes = [
    `create${entity}Schema`,
    `list${names.pluralPascal}QuerySchema`,
    `${names.singular}ListSchema`,
    `${names.singular}ParamsSchema`,
    `${names.singular}Schema`,
    `replace${entity}Schema`,
    `update${entity}Schema`,
  ];
  if (parentNames) {
    handler.push(parentParams!);
    routes.push(`${parentNames.singular}${names.pluralPascal}ParamsSchema`);
  }
  const sorted = (list: string[]) =>
    [...list]
      .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0))
      .join(', ');
  return {
    schemas: '',
    repository: sorted(types),
    service: sorted(types),
    handler: sorted(handler),
    routes: sorted(routes),
    test: '',
  };
}
