import { renderTemplate } from '../engine/render.js';
import { UserError } from '../errors.js';
import type { OnDelete } from './field-spec.js';
import type { ResourceModel } from './model.js';
import type { ResourceNames } from './names.js';
import { ownerKey, ownerPermissions } from './ownership.js';
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
/**
 * Layers with a variant of their own for a nested resource (under a parent, `/v1/projects/:projectId/tasks`;
 * templates/resource/nested/) and for an owned one (whose rows belong to users; templates/resource/owned/).
 */
const variantLayers: readonly Layer[] = ['repository', 'service', 'handler', 'routes'];

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
  const variant = model.parent ? 'nested' : model.owned ? 'owned' : undefined;
  const modules = layers.map((layer) => {
    const name = variant && variantLayers.includes(layer) ? `${variant}/${layer}` : layer;
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
  if (model.owned && model.parent) {
    throw new UserError(
      `The resource "${names.table}" cannot be both owned and nested: nested resources do not inherit ownership yet.`,
    );
  }
  // A type's comment explains the type, so it is said once: above the first field of that type.
  const fields = model.fields
    .map((field) => renderField(field, names.singularPascal))
    .map((field, index, all) =>
      all.findIndex((other) => other.spec.type === field.spec.type) === index ? field : { ...field, comment: '' },
    );
  const parent = model.parent ? parentContext(model) : undefined;
  const owner = model.owned ? ownerContext(model) : undefined;
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
    ...(owner ? [owner] : []),
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
    // The keys the entity shows but no body takes: they come from the path, or from the caller.
    readOnlyKeys: [
      ...(parent ? [{ name: parent.name, schema: parent.schema }] : []),
      ...(owner ? [{ name: owner.name, schema: 'z.uuid()' }] : []),
    ],
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
    owner: owner ?? false,
    ...migrationContext(model, fields, parent, owner),
    ...documentation(names, fields, parent, owner),
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

type OwnerContext = ReturnType<typeof ownerContext>;

/** The owner column, shaped like a field's column, and the permissions its routes and service name. */
function ownerContext(model: ResourceModel) {
  const { own, all } = ownerPermissions(model.names);
  return {
    ...ownerKey,
    columnType: 'uuid',
    columnBuilder: '.notNull()',
    rowType: 'string',
    rowComment: '',
    fromRow: `row.${ownerKey.column}`,
    permissions: { own: own.name, all: all.name },
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
function migrationContext(
  model: ResourceModel,
  fields: RenderedField[],
  parent: ParentContext | undefined,
  owner: OwnerContext | undefined,
) {
  const { names } = model;
  const constraint = (column: string, suffix: string) => `${names.table}_${column}_${suffix}`;
  const foreignKeys: { column: string; table: string; onDelete: OnDelete; unique?: boolean; comment?: string }[] = [
    ...fields.flatMap((field) =>
      field.foreignKey ? [{ column: field.column, ...field.foreignKey, unique: field.spec.unique }] : [],
    ),
    ...(parent ? [{ column: parent.column, table: parent.names.table, onDelete: parent.onDelete }] : []),
    ...(owner
      ? [
          {
            column: owner.column,
            table: owner.table,
            onDelete: 'cascade' as const,
            comment: `Deleting a user deletes the ${names.pluralWords} they own.`,
          },
        ]
      : []),
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
  // The keys every query of a nested or owned resource filters by come first.
  const scopeColumns = [...(parent ? [parent.column] : []), ...(owner ? [owner.column] : [])];
  const indexed = [
    ...scopeColumns,
    ...foreignKeys.filter((key) => !scopeColumns.includes(key.column) && !key.unique).map((key) => key.column),
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
      comment: key.comment ?? deleteEffect[key.onDelete](relatedNames(key.table).singularWords, key.column),
    })),
    indexes: indexed.map((column) => ({ name: constraint(column, 'idx'), column })),
    indexComment: lineComment(indexText, '  '),
  };
}

/** The doc comments and route summaries, which name the resource (and its parent or its owners) in prose. */
function documentation(
  names: ResourceNames,
  fields: RenderedField[],
  parent: ParentContext | undefined,
  owner: OwnerContext | undefined,
) {
  const one = withArticle(names.singularWords);
  const optionalNote = fields.some((field) => field.optional)
    ? ' Optional fields are present, as null, when they have no value.'
    : '';
  const variant = parent ? nestedProse(names, parent) : owner ? ownedProse(names, owner) : flatProse(names);
  return {
    entityDoc: docComment(`${capitalize(one)} as the API shows it.${variant.entity}${optionalNote}`),
    repositoryDoc: docComment(`Reads and writes ${names.pluralWords}. ${variant.repository}`),
    serviceDoc: docComment(
      `What can be done with ${variant.collection}. Knows nothing of HTTP: it takes plain values and throws errors ` +
        `from lib/errors.${variant.service}`,
    ),
    handlerDoc: docComment(
      `The HTTP side of ${names.pluralWords}: each method takes a request whose params, query and body the ` +
        "route's schemas have already validated, calls the service, and picks the status code. The body it returns " +
        "is shaped by the route's response schema; errors are thrown and answered by the global error handler.",
    ),
    routesDoc: docComment(
      `${variant.path}: list, get, create, replace, update and delete ${variant.collection}${variant.routes}. Each ` +
        'route declares zod schemas for what it takes and what it answers; they validate the request (400 on ' +
        'failure) and produce the OpenAPI document.',
    ),
    summaries: {
      list: tsString(`List ${variant.listed}, a page at a time, filtered and sorted`),
      get: tsString(`Get ${one}`),
      create: tsString(`Create ${one}${variant.createdIn}`),
      replace: tsString(`Replace ${one}: every field is set, optional ones left out become null`),
      update: tsString(`Update some fields of ${one}`),
      delete: tsString(`Delete ${one}`),
    },
  };
}

/** What the prose of a flat, a nested and an owned resource says differently; sentences start with a space. */
interface VariantProse {
  path: string;
  /** What the routes and the service work on: `tasks`, `a project's tasks` */
  collection: string;
  /** What a list shows, in its summary */
  listed: string;
  createdIn: string;
  entity: string;
  repository: string;
  service: string;
  routes: string;
}

function flatProse(names: ResourceNames): VariantProse {
  return {
    path: `/v1/${names.kebab}`,
    collection: names.pluralWords,
    listed: names.pluralWords,
    createdIn: '',
    entity: '',
    repository: 'Every query is built by Kysely, so every value is sent as a parameter.',
    service: '',
    routes: '',
  };
}

function nestedProse(names: ResourceNames, parent: ParentContext): VariantProse {
  const one = withArticle(names.singularWords);
  const parentWords = parent.names.singularWords;
  const collection = `${withArticle(parentWords)}'s ${names.pluralWords}`;
  return {
    path: `/v1/${parent.names.kebab}/:${parent.param}/${names.kebab}`,
    collection,
    listed: collection,
    createdIn: ` in ${withArticle(parentWords)}`,
    entity:
      ` ${capitalize(names.pluralWords)} live inside ${withArticle(parentWords)}: ${parent.name} comes from the ` +
      'path, never from a body, and is shown here read-only.',
    repository:
      `${capitalize(names.pluralWords)} belong to ${withArticle(parentWords)}: every method takes its id and ` +
      `touches that ${parentWords}'s ${names.pluralWords} only, so ${one} is never reached through another ` +
      `${parentWords}'s path. Every value is sent as a parameter.`,
    service:
      ` Every method first checks that the ${parentWords} exists, so that a missing ${parentWords} is told apart ` +
      `from a missing ${names.singularWords} (both are 404s, with different messages), and an empty list of ` +
      `${withArticle(parentWords)} that does not exist is not mistaken for ${withArticle(parentWords)} without ` +
      `${names.pluralWords}.`,
    routes: ` (404 when the ${parentWords} does not exist)`,
  };
}

function ownedProse(names: ResourceNames, owner: OwnerContext): VariantProse {
  const { own, all } = owner.permissions;
  return {
    path: `/v1/${names.kebab}`,
    collection: `the caller's ${names.pluralWords}`,
    listed: `one's own ${names.pluralWords} (every user's with ${all})`,
    createdIn: '',
    entity:
      ` ${owner.name} is the user it belongs to: the server sets it to the caller on create, never from a body, ` +
      'and it is shown here read-only.',
    repository:
      `${capitalize(names.pluralWords)} belong to users: every method but create takes an OwnerScope and makes it ` +
      `part of the statement's WHERE, so ${withArticle(names.singularWords)} outside the scope is neither read nor ` +
      'changed, and no row is read first and checked after. Every value is sent as a parameter.',
    service:
      ` Every method takes the caller: what they create is theirs, and they reach their own ${names.pluralWords} ` +
      `only, or every user's with ${all}. Another user's ${names.singularWords} is answered as missing (404), ` +
      'not as forbidden (403), which would tell that the id exists.',
    routes:
      ` (every route requires ${own}: 401 without credentials, 403 without the permission; ${all} reaches ` +
      "every user's)",
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
