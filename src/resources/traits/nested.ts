import type { OnDelete } from '../field-spec.js';
import type { ResourceModel } from '../model.js';
import { parentParam } from '../names.js';
import { renderParentKey } from '../render-fields.js';
import { capitalize, variableName, withArticle } from '../render-names.js';
import { recordedTraits } from '../resource-files.js';
import { repositoryDependency } from './repository-dependency.js';
import { callerInput, ownerPermissions } from './owned.js';
import type { Trait } from './types.js';

/**
 * A resource that lives inside a parent (`--parent projects`): /v1/projects/:projectId/tasks. Every statement
 * is scoped to the parent's id from the path, and every service method first checks that the parent exists, so
 * that a missing parent is a 404 of its own.
 */
export const nestedTrait: Trait = {
  id: 'nested',
  refusesChildren: (parent) =>
    parent.parent === undefined
      ? undefined
      : `it is nested under ${parent.parent} itself, and one level of nesting is the most this version writes.`,
  refusesReferences: (target, records) => {
    const parent = records.find((record) => record.name === target.parent);
    // Whether the caller reaches such a row depends on its parent's owner, which a reference does not name.
    return parent && recordedTraits(parent).includes('owned')
      ? `${target.name} are reached through ${parent.name}, whose rows belong to users, and a reference to them cannot be checked for reach yet`
      : undefined;
  },
  signsIn: (model) => parentOf(model).owned,
  contribute(model) {
    const parent = parentOf(model);
    const { names } = model;
    const parentNames = parent.names;
    const parentModule = `../${parentNames.kebab}/${parentNames.kebab}`;
    const parentRepository = `${parentNames.pluralPascal}Repository`;
    const collectionParams = `${parentNames.singularPascal}${names.pluralPascal}Params`;
    const collectionSchema = `${parentNames.singular}${names.pluralPascal}ParamsSchema`;
    const param = { name: parent.param, type: 'string' };
    const parentWords = parentNames.singularWords;
    const one = withArticle(names.singularWords);
    const collection = `${withArticle(parentWords)}'s ${names.pluralWords}`;
    const entity = variableName(names.singular);
    // Under a parent whose rows belong to users, the parent must be one the caller reaches: the caller comes too.
    const everyParentOwner = parent.everyOwnerPermission;
    return {
      imports: {
        service: [
          { from: `${parentModule}.repository.js`, names: [{ name: parentRepository, typeOnly: true }] },
          { from: `${parentModule}.service.js`, names: [{ name: `${parentNames.singular}NotFound` }] },
          ...(parent.owned
            ? [
                { from: '../../auth/access.js', names: [{ name: 'AuthenticatedUser', typeOnly: true }] },
                { from: '../../auth/ownership.js', names: [{ name: 'ownerScope' }] },
              ]
            : []),
        ],
        routes: [
          { from: `${parentModule}.repository.js`, names: [{ name: parentRepository }] },
          { from: `./${names.kebab}.schemas.js`, names: [{ name: collectionSchema }] },
        ],
      },
      basePath: `/v1/${parentNames.kebab}/:${parent.param}/${names.kebab}`,
      paths: { parameters: [parent.param], collectionSchema, collectionType: collectionParams },
      columns: [
        {
          name: parent.name,
          description: `the key of the ${parentNames.singularWords} it is nested under`,
          column: parent.column,
          schema: parent.entity,
          columnType: 'uuid',
          columnBuilder: parent.columnBuilder,
          rowType: parent.rowType,
          foreignKey: { table: parentNames.table, onDelete: parent.onDelete },
          unique: parent.unique,
        },
      ],
      repository: {
        scope: {
          parameter: param,
          where: `'${parent.column}', '=', ${parent.param}`,
          compilable: true,
          cached: { key: true },
          search: { key: parent.column, value: parent.param },
          missing: `the ${parentWords} has no ${names.singularWords} with this id`,
          noneDeleted: `the ${parentWords} has none with this id`,
        },
        create: { parameter: param, column: `${parent.column}: ${parent.param}` },
      },
      service: {
        inputs: [
          { ...param, fromRequest: `request.params.${parent.param}`, inCreate: parent.param },
          ...(parent.owned ? [callerInput] : []),
        ],
        scopeArgument: parent.param,
        createArgument: parent.param,
        guard: `await this.assert${parentNames.singularPascal}Exists(${parent.owned ? 'caller, ' : ''}${parent.param});`,
        createComment:
          `// Should the ${parentWords} be deleted between this check and the insert, the foreign key refuses the row\n` +
          `    // (a 422 from the error handler): rare, and no row is left without its ${parentWords}.`,
        dependencies: [repositoryDependency(parentNames, model.related[parentNames.table])],
        members: [
          {
            template: 'traits/nested/service-members',
            context: {
              parent: { names: parentNames, param: parent.param, variable: parent.variable, everyParentOwner },
            },
          },
        ],
      },
      routes: {
        ...(parent.owned ? { permission: ownerPermissions(parentNames).own.name } : {}),
        collectionParams: collectionSchema,
        collectionResponses: [404],
        createPreamble: [`const { ${parent.param} } = request.params;`],
        location: `/v1/${parentNames.kebab}/\${ ${parent.param} }/${names.kebab}/\${ ${entity}.id }`,
      },
      prose: {
        collection,
        listed: collection,
        createdIn: ` in ${withArticle(parentWords)}`,
        entity:
          ` ${capitalize(names.pluralWords)} live inside ${withArticle(parentWords)}: ${parent.name} comes from the ` +
          'path, never from a body, and is shown here read-only.',
        repository:
          `${capitalize(names.pluralWords)} belong to ${withArticle(parentWords)}: every method takes its id and ` +
          `touches that ${parentWords}'s ${names.pluralWords} only, so ${one} is never reached through another ` +
          `${parentWords}'s path.`,
        service:
          ` Every method first checks that the ${parentWords} exists, so that a missing ${parentWords} is told apart ` +
          `from a missing ${names.singularWords} (both are 404s, with different messages), and an empty list of ` +
          `${withArticle(parentWords)} that does not exist is not mistaken for ${withArticle(parentWords)} without ` +
          `${names.pluralWords}.` +
          (everyParentOwner
            ? ` A ${parentWords} that another user owns is missing too, unless the caller holds ${everyParentOwner}.`
            : ''),
        routes: `404 when the ${parentWords} does not exist${everyParentOwner ? " or is not the caller's" : ''}`,
      },
    };
  },
  test(model, plan) {
    const parent = parentOf(model);
    const parentNames = parent.names;
    const variable = plan.variable(parentNames.singular);
    const helper = plan.rowHelper(parentNames.table);
    const collection = (id: string) => `\`/v1/${parentNames.kebab}/\${${id}}/${model.names.kebab}\``;
    return {
      declarations: [`let ${variable}: Created;`, `let ${plan.url}: string;`],
      beforeEach: [`${variable} = await ${helper}();`, `${plan.url} = ${collection(`${variable}.id`)};`],
      collectionUrl: 'variable',
      serverSet: [{ name: parent.name, value: `${variable}.id` }],
      createdIn: ` (in the test's ${parentNames.singularWords}, unless \`url\` says otherwise)`,
      block: {
        template: 'traits/nested/test',
        context: {
          parent: {
            names: parentNames,
            variable,
            helper,
            key: parent.name,
            param: parent.param,
            column: parent.column,
            withArticle: withArticle(parentNames.singularWords),
            notFoundPrefix: capitalize(parentNames.singularWords),
            missingCollectionUrl: collection('missing'),
            otherCollectionUrl: collection('other.id'),
            everyOwnerPermission: parent.everyOwnerPermission ?? false,
            cascades: parent.onDelete === 'cascade' ? [{}] : [],
            restricts: parent.onDelete === 'restrict' ? [{}] : [],
            setNulls: parent.onDelete === 'set-null' ? [{}] : [],
          },
        },
      },
    };
  },
};

/** The parent of a nested resource, and the key that points at it. */
export function parentOf(model: ResourceModel) {
  if (!model.parent) throw new Error(`${model.names.table} has the nested trait but no parent`);
  const { names, field } = model.parent;
  const key = renderParentKey(field, names);
  const owned = model.related[names.table]?.traits.includes('owned') ?? false;
  return {
    ...key,
    names,
    unique: field.unique,
    variable: variableName(names.singular, new Set([variableName(model.names.singular)])),
    onDelete: field.references?.onDelete ?? ('cascade' as OnDelete),
    param: parentParam(names),
    owned,
    /** Who reaches every user's parents, when its rows belong to users (only a parent the caller reaches is found) */
    everyOwnerPermission: owned ? ownerPermissions(names).all.name : undefined,
  };
}
