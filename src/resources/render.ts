import { renderTemplate } from '../engine/render.js';
import type { OnDelete } from './field-spec.js';
import { renderImports } from './imports.js';
import type { ResourceModel } from './model.js';
import type { ResourceNames } from './names.js';
import { onDeleteSql, renderField, sqlName, tsString, type RenderedField } from './render-fields.js';
import { filtersDoc, renderFilters } from './render-filters.js';
import { capitalize, docComment, lineComment, variableName, withArticle } from './render-names.js';
import { testPartials, testPlan } from './test-plan/index.js';
import { repositoryDependency } from './traits/repository-dependency.js';
import { mergeContributions, type MergedContributions } from './traits/index.js';
import {
  type ImportSpec,
  type Layer,
  layers,
  moduleServices,
  type Parameter,
  type PartialTemplate,
  type ServiceInput,
} from './traits/types.js';

export interface RenderedFile {
  path: string;
  content: string;
}

/**
 * Renders a resource: its migration, and its module (schemas, repository, service, routes and test) in
 * src/modules/<name>/. Each file is one template under templates/resource/ whose slots the resource's traits
 * fill (traits/). The output is not formatted yet: the command runs Prettier on it. The model is valid: the
 * resource plan (plan-resource.ts) has checked it.
 */
export function renderResource(model: ResourceModel): RenderedFile[] {
  const merged = mergeContributions(model);
  const context = resourceContext(model, merged);
  const { names } = model;
  const moduleDir = `src/modules/${names.kebab}`;
  const migration = {
    path: `migrations/${model.migrationTimestamp}_create_${names.table}.ts`,
    content: renderTemplate(template('migration'), {
      ...context,
      migrationAfter: merged.all((each) => each.migration?.after).map((partial) => renderPartial(partial, context)),
    }),
  };
  const modules = layers.map((layer) => {
    // A route gets what the service takes from the request: the caller needs the guard's currentUser.
    const inputImports = layer === 'routes' ? serviceInputs(merged).flatMap((input) => input.imports ?? []) : [];
    const imports = renderImports([...baseImports(layer, context), ...merged.imports[layer], ...inputImports]);
    const layerContext = { ...context, imports };
    const values = layer === 'test' ? testContext(model, context, layerContext) : withPartials(layerContext);
    const partials = layer === 'test' ? testPartials : {};
    return {
      path: `${moduleDir}/${names.kebab}.${layer}.ts`,
      content: renderTemplate(template(layer), values, partials),
    };
  });
  return [migration, ...modules];
}

/** The path of templates/resource/<name>.ts.hbs, relative to templates/. */
function template(name: string): string {
  return `resource/${name}.ts.hbs`;
}

/** Code a trait adds whole, rendered with the layer's values under its own. */
function renderPartial(partial: PartialTemplate, values: object): string {
  return renderTemplate(template(partial.template), { ...values, ...partial.context }).trimEnd();
}

/** The layer's values with the trait partials of the repository and the service rendered in place. */
function withPartials(values: ResourceContext & { imports: string }) {
  const render = (partials: readonly PartialTemplate[]) => partials.map((partial) => renderPartial(partial, values));
  return {
    ...values,
    repository: {
      ...values.repository,
      functions: render(values.repository.functions),
      list: values.repository.list ? renderPartial(values.repository.list, values) : '',
    },
    service: {
      ...values.service,
      members: render(values.service.members),
      functions: render(values.service.functions),
    },
  };
}

function testContext(model: ResourceModel, context: ResourceContext, layerContext: object) {
  const plan = testPlan(model, context.fields, context.entity, context.basePath);
  const values = { ...layerContext, ...plan };
  return { ...values, traitBlocks: plan.traitBlocks.map((block) => renderPartial(block, values)) };
}

type ResourceContext = ReturnType<typeof resourceContext>;

/** Everything the templates of one resource insert, computed once. */
function resourceContext(model: ResourceModel, merged: MergedContributions) {
  const { names } = model;
  // A type's comment explains the type, so it is said once: above the first field of that type.
  const fields = model.fields
    .map((field) => renderField(field, names.singularPascal))
    .map((field, index, all) =>
      all.findIndex((other) => other.spec.type === field.spec.type) === index ? field : { ...field, comment: '' },
    );
  const entity = variableName(names.singular);
  const basePath = merged.all((each) => each.basePath).at(-1) ?? `/v1/${names.kebab}`;
  const extraColumns = merged.all((each) => each.columns);

  const columns = [
    ...fields,
    ...extraColumns.map((column) => ({ ...column, rowComment: '', fromRow: `row.${column.column}` })),
  ];
  const filters = renderFilters(fields, names);
  const casts = new Set(fields.filter((field) => field.filterOperators.length > 0).map((field) => field.filterCast));
  const filterOperators = new Set(fields.flatMap((field) => field.filterOperators));
  const paths = merged.all((each) => each.paths);
  const problems = writeProblems(
    model,
    extraColumns.some((column) => column.unique),
  );

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
    readOnlyKeys: extraColumns.map((column) => ({ name: column.name, schema: column.schema })),
    sortable: fields.filter((field) => field.sortable),
    sortFields: ['createdAt', 'updatedAt', ...fields.filter((field) => field.sortable).map((field) => field.name)]
      .map(tsString)
      .join(', '),
    filters,
    filtersDoc: filtersDoc(fields),
    filterComment: filterComment(casts.has('boolean'), casts.has('number')),
    hasJson: fields.some((field) => field.spec.type === 'json'),
    jsonValuesImports: [...new Set(fields.flatMap((field) => field.jsonValuesHelper ?? []))].sort(),
    // The helpers of lib/list-filters.ts that the schemas and the repository use.
    listFilterImports: {
      schemas: [
        ...(filterOperators.has('contains') ? ['containsQuerySchema'] : []),
        ...(filterOperators.has('in') ? ['listQuerySchema'] : []),
        ...(casts.has('number') ? ['numberQuerySchema'] : []),
      ],
      repository: filterOperators.has('contains') ? ['containsPattern'] : [],
    },
    paths: paths.length > 0 ? { ...paths[0]!, parameters: paths.flatMap((each) => each.parameters) } : false,
    list: listSlots(model, merged),
    repository: repositorySlots(model, merged, filters.length > 0, entity, columns),
    service: serviceSlots(model, merged),
    routes: routeSlots(model, merged, { entity, basePath, problems }),
    ...migrationContext(model, fields, merged),
    ...documentation(names, fields, merged, basePath),
  };
}

/** The errors a write can meet besides 400 (and 404): only those its fields make possible. */
function writeProblems(model: ResourceModel, uniqueExtraColumn: boolean): number[] {
  return [
    ...(model.fields.some((field) => field.unique) || uniqueExtraColumn ? [409] : []),
    ...(model.fields.some((field) => field.references) ? [422] : []),
  ];
}

/** `a: A, b: B, ` : parameters that come before a method's own. */
const leading = (parameters: readonly Parameter[]) =>
  parameters.map((parameter) => `${parameter.name}: ${parameter.type}, `).join('');
/** `a, b, ` : arguments that come before a call's own. */
const leadingArguments = (values: readonly string[]) => values.map((value) => `${value}, `).join('');

/**
 * What a list takes and answers: the type of its options and of its items, and, when the resource is searchable,
 * the highlights its items may carry.
 */
function listSlots(model: ResourceModel, merged: MergedContributions) {
  const { names } = model;
  const search = merged.all((each) => each.list?.search).at(-1);
  const filtersAndSort = `${names.singularPascal}Filters, ${names.singularPascal}SortField`;
  return {
    search: search ? { highlights: search.highlights } : (false as const),
    optionsType: search
      ? `ListOptions<${filtersAndSort} | 'relevance'> & { search?: TextSearch }`
      : `ListOptions<${filtersAndSort}>`,
    itemType: search ? `${names.singularPascal}ListItem` : names.singularPascal,
  };
}

function repositorySlots(
  model: ResourceModel,
  merged: MergedContributions,
  hasFilters: boolean,
  entity: string,
  columns: readonly { column: string }[],
) {
  const { names } = model;
  const hiddenColumns = merged.all((each) => each.repository?.hiddenColumns).some(Boolean);
  const scopes = merged.all((each) => each.repository?.scope);
  const scopeParameters = scopes.map((scope) => scope.parameter);
  const cached = merged.all((each) => each.repository?.cached).some(Boolean);
  // A read by id selects by the scopes in its cache key only when it is cached; the others are checked on the row.
  const selectScopes = cached ? scopes.filter((scope) => 'key' in scope.cached) : scopes;
  const checks = cached ? scopes.flatMap((scope) => ('check' in scope.cached ? [scope.cached] : [])) : [];
  const keyParts = [...selectScopes.map((scope) => scope.parameter.name), 'id'];
  if (cached && !selectScopes.every((scope) => scope.compilable)) {
    throw new Error(
      `${names.table}: a cached read loads through the compiled query, and a scope of its key is not compilable`,
    );
  }
  // A row's key in the resource's namespace of the cache: its id, under its parent's when it is nested.
  const cacheKey = keyParts.length === 1 ? 'id' : `\`${keyParts.map((part) => `\${${part}}`).join(':')}\``;
  const creates = merged.all((each) => each.repository?.create);
  const only = scopes.length === 1 ? scopes[0] : undefined;
  const afterWrites = merged.all((each) => each.repository?.afterWrite);
  const inWrites = merged.all((each) => each.repository?.inWrite);
  const filtersParameter = hasFilters ? [{ name: 'filters', type: `${names.singularPascal}Filters` }] : [];
  return {
    leading: leading(scopeParameters),
    scopeArguments: leadingArguments(scopeParameters.map((parameter) => parameter.name)),
    where: scopes.map((scope) => scope.where),
    select: {
      leading: leading(selectScopes.map((scope) => scope.parameter)),
      arguments: leadingArguments(selectScopes.map((scope) => scope.parameter.name)),
      where: selectScopes.map((scope) => scope.where),
    },
    compiledFindById: selectScopes.every((scope) => scope.compilable),
    cache: cached
      ? ({
          key: cacheKey,
          reached: checks.map((check) => check.check(entity)).join(' && '),
          imports: checks.flatMap((check) => check.imports),
        } as const)
      : (false as const),
    whereFiltersParameters: [...scopeParameters, ...filtersParameter]
      .map((parameter) => `${parameter.name}: ${parameter.type}`)
      .join(', '),
    whereFiltersArguments: [...scopeParameters, ...filtersParameter].map((parameter) => parameter.name).join(', '),
    createLeading: leading(creates.map((create) => create.parameter)),
    createColumns: creates.map((create) => create.column),
    createDoc: creates.flatMap((create) => (create.doc ? [create.doc] : [])).join('\n  '),
    missing:
      scopes.length === 0
        ? `no ${names.singularWords} has this id`
        : (only?.missing ?? `no ${names.singularWords} within reach has this id`),
    noneDeleted: scopes.length === 0 ? 'none has this id' : (only?.noneDeleted ?? 'none within reach has this id'),
    functions: merged.all((each) => each.repository?.functions),
    list: merged.all((each) => each.repository?.list).at(-1),
    // What a search in Elasticsearch is narrowed by: the key values of every scope, and the keys' columns
    searchScope:
      scopes.length === 0 ? '{}' : `{ ${scopes.map(({ search }) => `${search.key}: ${search.value}`).join(', ')} }`,
    searchKeys: scopes.map((scope) => `'${scope.search.key}'`).join(', '),
    // The parameters of its constructor after the database: the cache, then the services traits build it with.
    constructorParameters: [
      ...(cached ? ['cache: Cache'] : []),
      ...merged.all((each) => each.repository?.uses).map((uses) => uses.parameter),
    ],
    // What each write that changed a row does in its transaction; false: the writes run in none.
    inTransaction:
      inWrites.length > 0
        ? {
            written: inWrites.map((each) => each.written),
            deleted: inWrites.map((each) => each.deleted),
            what: inWrites.map((each) => each.what).join(' and '),
          }
        : (false as const),
    // What follows each write that changed a row (after its commit): the cached copy's invalidation first (none after a create,
    // which has no copy yet), then the traits' statements.
    afterWrite: {
      created: afterWrites.map((each) => each.written),
      changed: [
        ...(cached ? [`await this.cache.delete(${cacheKey}); // the cached copy is stale now`] : []),
        ...afterWrites.map((each) => each.written),
      ],
      deleted: [
        ...(cached ? [`await this.cache.delete(${cacheKey});`] : []),
        ...afterWrites.map((each) => each.deleted),
      ],
    },
    // With columns the entity does not show, rows are read by the list of those it does, not with `*`.
    columns: hiddenColumns
      ? ['id', ...columns.map((column) => column.column), 'version', 'created_at', 'updated_at']
          .map((column) => `'${column}'`)
          .join(', ')
      : '',
    selectColumns: hiddenColumns ? '.select(columns)' : '.selectAll()',
    returningColumns: hiddenColumns ? '.returning(columns)' : '.returningAll()',
  };
}

function serviceSlots(model: ResourceModel, merged: MergedContributions) {
  const { names } = model;
  const own = repositoryDependency(names, model);
  // One repository of each resource, however many traits need it.
  const dependencies = [
    ...new Map([own, ...merged.all((each) => each.service?.dependencies)].map((each) => [each.name, each])).values(),
  ];
  const checks = merged.all((each) => each.service?.checkBody);
  return {
    dependencies,
    constructorParameters: dependencies
      .map((dependency) => `private readonly ${dependency.name}: ${dependency.type}`)
      .join(', '),
    leading: leading(inputsOf(serviceInputs(merged), 'get')),
    writeLeading: leading(inputsOf(serviceInputs(merged), 'create')),
    guards: merged.all((each) => each.service?.guard),
    createChecks: checks.map((check) => check('input')),
    updateChecks: checks.map((check) => check('changes')),
    scopeArguments: leadingArguments(merged.all((each) => each.service?.scopeArgument)),
    createArguments: leadingArguments(merged.all((each) => each.service?.createArgument)),
    createComments: merged.all((each) => each.service?.createComment),
    createDocs: merged.all((each) => each.service?.createDoc),
    members: merged.all((each) => each.service?.members),
    functions: merged.all((each) => each.service?.functions),
  };
}

/** The methods of a resource's service, each behind one route; the writes are those that take a body. */
const methods = ['list', 'get', 'create', 'replace', 'update', 'delete'] as const;
type Method = (typeof methods)[number];
const writes: readonly Method[] = ['create', 'replace', 'update'];

/**
 * What the methods of the service take before their own, one per name, in the order traits give them; an input
 * only the writes need (to check a body) is theirs alone, unless another trait needs it everywhere.
 */
function serviceInputs(merged: MergedContributions): ServiceInput[] {
  const inputs = new Map<string, ServiceInput>();
  for (const input of merged.all((each) => each.service?.inputs)) {
    const known = inputs.get(input.name);
    if (known && known.type !== input.type) {
      throw new Error(`Traits disagree on the type of ${input.name}: ${known.type} and ${input.type}`);
    }
    inputs.set(input.name, known ? { ...known, writesOnly: known.writesOnly && input.writesOnly } : input);
  }
  return [...inputs.values()];
}

/** The inputs `method` takes. */
const inputsOf = (inputs: readonly ServiceInput[], method: Method) =>
  inputs.filter((input) => !input.writesOnly || writes.includes(method));

/**
 * The routes, the HTTP layer of the module: their config, the path schemas of the collection, what each passes
 * the service from the request, and the responses each documents.
 */
function routeSlots(
  model: ResourceModel,
  merged: MergedContributions,
  { entity, basePath, problems }: { entity: string; basePath: string; problems: number[] },
) {
  const { names } = model;
  const routes = merged.contributions.map((each) => each.routes ?? {});
  const inputs = serviceInputs(merged);
  // Each route's permission: the last trait's that covers it (the most particular).
  const permissionOf = (method: Method) =>
    routes.filter((each) => each.permission && (!each.permissionOnWritesOnly || writes.includes(method))).at(-1)
      ?.permission;
  const permissions = new Set(methods.map(permissionOf));
  // One permission for every route is named once, in a `config` they share; else each route names its own.
  const shared = permissions.size === 1 ? [...permissions][0] : undefined;
  const configOf = (method: Method) => {
    const permission = permissionOf(method);
    return !permission ? '' : shared ? 'config,' : `config: { permission: '${permission}' },`;
  };
  const collectionOnly = routes.flatMap((each) => each.collectionResponses ?? []);
  const entitySchema = `${names.singular}Schema`;
  const notModified = "304: z.undefined().describe('Not modified: If-None-Match names the current version')";
  const responses = (
    method: Method,
    success: [number, string],
    own: number[],
    alwaysMultiline: boolean,
    ...others: string[]
  ) => {
    const guarded = permissionOf(method) ? [401, 403] : [];
    const collection = method === 'list' || method === 'create' ? collectionOnly : [];
    const codes = [...new Set([400, ...own, ...guarded, ...collection])].sort((a, b) => a - b);
    const entries = [
      `${success[0]}: ${success[1]}`,
      ...others,
      ...codes.map((code) => `${code}: problemResponses[${code}]`),
    ];
    // A read route's few responses fit on a line; a write's depend on its fields, and are listed one per line.
    return alwaysMultiline || entries.length > 3
      ? `{\n${entries.map((entry) => `          ${entry},\n`).join('')}        }`
      : `{ ${entries.join(', ')} }`;
  };
  const argumentsOf = (method: Method) => leadingArguments(inputsOf(inputs, method).map((input) => input.fromRequest));
  const dependencies = serviceSlots(model, merged).dependencies;
  return {
    service: variableName(names.plural),
    serviceDependencies: dependencies.map((dependency) => dependency.construct).join(', '),
    // What the module takes of ModuleDependencies: the database, and the services its repositories are built with.
    moduleDependencies: [
      'db',
      ...moduleServices.filter((service) => dependencies.some((each) => each.uses.includes(service))),
    ].join(', '),
    permission: shared ?? '',
    config: Object.fromEntries(methods.map((method) => [method, configOf(method)])),
    collectionParams: routes.flatMap((each) => each.collectionParams ?? []).at(-1) ?? '',
    arguments: Object.fromEntries(methods.map((method) => [method, argumentsOf(method)])),
    createArguments: leadingArguments(inputsOf(inputs, 'create').map((input) => input.inCreate ?? input.fromRequest)),
    createPreamble: routes.flatMap((each) => each.createPreamble ?? []),
    location: routes.flatMap((each) => each.location ?? []).at(-1) ?? `${basePath}/\${ ${entity}.id }`,
    responses: {
      list: responses('list', [200, `${names.singular}ListSchema`], [], false),
      get: responses('get', [200, entitySchema], [404], true, notModified),
      create: responses('create', [201, entitySchema], problems, true),
      replace: responses('replace', [200, entitySchema], [404, 412, ...problems], true),
      update: responses('update', [200, entitySchema], [404, 412, ...problems], true),
      delete: responses('delete', [204, "z.undefined().describe('Deleted: no content')"], [404, 409, 412], true),
    },
  };
}

/** What each layer imports whatever its traits. */
function baseImports(
  layer: Layer,
  context: {
    names: ResourceNames;
    jsonValuesImports: string[];
    listFilterImports: { schemas: string[]; repository: string[] };
    repository: { compiledFindById: boolean; cache: false | { imports: readonly ImportSpec[] } };
  },
): ImportSpec[] {
  const { names } = context;
  const own = (suffix: string) => `./${names.kebab}.${suffix}.js`;
  const types = (...list: string[]) => list.map((name) => ({ name, typeOnly: true }));
  const values = (...list: string[]) => list.map((name) => ({ name }));
  const entity = names.singularPascal;
  const entityTypes = types(
    `Create${entity}`,
    entity,
    `${entity}Filters`,
    `${entity}SortField`,
    `Replace${entity}`,
    `Update${entity}`,
  );
  switch (layer) {
    case 'schemas':
      return [
        { from: 'zod', names: values('z') },
        ...(context.jsonValuesImports.length > 0
          ? [{ from: '../../lib/json-values.js', names: values(...context.jsonValuesImports) }]
          : []),
        ...listFilterImportsOf(context.listFilterImports.schemas),
        {
          from: '../../lib/pagination.js',
          names: values('limitQuerySchema', 'listResponseSchema', 'pageQuerySchema', 'sortOrderQuerySchema'),
        },
      ];
    case 'repository':
      return [
        { from: 'kysely', names: types('ColumnType', 'ExpressionBuilder', 'Generated', 'Kysely', 'Selectable') },
        { from: '../../db/schema.js', names: types('Database') },
        ...(context.repository.compiledFindById
          ? [{ from: '../../lib/compiled-queries.js', names: [...types('CompiledOnce'), ...values('compileOnce')] }]
          : []),
        ...listFilterImportsOf(context.listFilterImports.repository),
        { from: '../../lib/pagination.js', names: types('ListOptions', 'ListResult') },
        ...(context.repository.cache ? context.repository.cache.imports : []),
        { from: own('schemas'), names: entityTypes },
      ];
    case 'service':
      return [
        { from: '../../lib/errors.js', names: values('NotFoundError', 'StaleVersionError') },
        {
          from: '../../lib/pagination.js',
          names: [...types('ListOptions', 'ListResponse'), ...values('toListResponse')],
        },
        { from: own('repository'), names: types(`${names.pluralPascal}Repository`) },
        { from: own('schemas'), names: entityTypes },
      ];
    case 'routes':
      return [
        { from: 'zod', names: values('z') },
        {
          from: '../../lib/entity-tags.js',
          names: values('entityTag', 'ifMatchHeaders', 'ifMatchVersions', 'ifNoneMatchHeaders', 'isNotModified'),
        },
        { from: '../../lib/problem-details.js', names: values('problemResponses') },
        { from: '../app-module.js', names: types('AppModule') },
        { from: own('repository'), names: values(`${names.pluralPascal}Repository`) },
        {
          from: own('schemas'),
          names: values(
            `create${entity}Schema`,
            `list${names.pluralPascal}QuerySchema`,
            `${names.singular}ListSchema`,
            `${names.singular}ParamsSchema`,
            `${names.singular}Schema`,
            `replace${entity}Schema`,
            `update${entity}Schema`,
          ),
        },
        { from: own('service'), names: values(`${names.pluralPascal}Service`) },
      ];
    case 'test':
      return [];
  }
}

/** The import of lib/list-filters.ts, when a layer uses any of its helpers. */
function listFilterImportsOf(helpers: string[]): ImportSpec[] {
  return helpers.length > 0 ? [{ from: '../../lib/list-filters.js', names: helpers.map((name) => ({ name })) }] : [];
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
function migrationContext(model: ResourceModel, fields: RenderedField[], merged: MergedContributions) {
  const { names } = model;
  const extraColumns = merged.all((each) => each.columns);
  const constraint = (column: string, suffix: string) => `${names.table}_${column}_${suffix}`;
  const foreignKeys: { column: string; table: string; onDelete: OnDelete; unique?: boolean; comment?: string }[] = [
    ...fields.flatMap((field) =>
      field.foreignKey ? [{ column: field.column, ...field.foreignKey, unique: field.spec.unique }] : [],
    ),
    ...extraColumns.map((column) => ({ column: column.column, ...column.foreignKey })),
  ];
  const relatedNames = (table: string): ResourceNames => {
    const related = model.parent?.names.table === table ? model.parent : model.related[table];
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
  // Every field but json is a filter, but an index costs every write: lists get one for what they sort by, for
  // the types they filter by most (ids, few distinct values), and for the fields marked :index.
  const listed = fields.filter(
    (field) => !field.foreignKey && (field.sortable || field.filterIndex || field.spec.index),
  );
  // The keys every query of a nested or owned resource filters by come first.
  const scopeColumns = extraColumns.map((column) => column.column);
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
      ? `An index for each foreign key (joins, and ${work} on delete), and for the columns a list sorts by or often filters by${uniqueNote}.`
      : `Indexes for the columns a list sorts by or often filters by${uniqueNote}.`;

  return {
    uniqueConstraints: [
      ...uniqueColumns.map((field) => ({ name: constraint(field.column, 'key'), column: field.column })),
      ...extraColumns
        .filter((column) => column.unique)
        .map((column) => ({ name: constraint(column.column, 'key'), column: column.column })),
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

/** The doc comments and route summaries, which name the resource (and what its traits make of it) in prose. */
function documentation(names: ResourceNames, fields: RenderedField[], merged: MergedContributions, basePath: string) {
  const one = withArticle(names.singularWords);
  const optionalNote = fields.some((field) => field.optional)
    ? ' Optional fields are present, as null, when they have no value.'
    : '';
  const prose = merged.all((each) => each.prose);
  const first = <Key extends keyof (typeof prose)[number]>(key: Key, fallback: string) =>
    prose.flatMap((each) => each[key] ?? []).at(0) ?? fallback;
  const joined = (key: 'entity' | 'service') => prose.map((each) => each[key] ?? '').join('');
  const collection = first('collection', names.pluralWords);
  const repositoryProse = prose.flatMap((each) => each.repository ?? []);
  const routeNotes = prose.flatMap((each) => each.routes ?? []);
  return {
    entityDoc: docComment(`${capitalize(one)} as the API shows it.${joined('entity')}${optionalNote}`),
    repositoryDoc: docComment(
      `Reads and writes ${names.pluralWords}. ` +
        (repositoryProse.length > 0
          ? `${repositoryProse.join(' ')} Every value is sent as a parameter.`
          : 'Every query is built by Kysely, so every value is sent as a parameter.'),
    ),
    serviceDoc: docComment(
      `What can be done with ${collection}. Knows nothing of HTTP: it takes plain values and throws errors ` +
        `from lib/errors.${joined('service')}`,
    ),
    routesDoc: docComment(
      `${basePath}: list, get, create, replace, update and delete ${collection}` +
        `${routeNotes.length > 0 ? ` (${routeNotes.join('; ')})` : ''}. Each ` +
        'route declares zod schemas for what it takes and what it answers, which validate the request (400 on ' +
        'failure) and make the OpenAPI document, and a handler that hands the service what the request carries ' +
        'and picks the status code; errors thrown on the way are answered by the error plugin.',
    ),
    summaries: {
      list: tsString(`List ${first('listed', names.pluralWords)}, a page at a time, filtered and sorted`),
      get: tsString(`Get ${one}`),
      create: tsString(`Create ${one}${first('createdIn', '')}`),
      replace: tsString(`Replace ${one}: every field is set, optional ones left out become null`),
      update: tsString(`Update some fields of ${one}`),
      delete: tsString(`Delete ${one}`),
    },
  };
}
