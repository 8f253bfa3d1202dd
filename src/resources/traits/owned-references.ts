import type { FieldSpec } from '../field-spec.js';
import type { ResourceModel } from '../model.js';
import { repositoryDependency } from './repository-dependency.js';
import { callerInput, ownerPermissions } from './owned.js';
import type { Trait } from './types.js';

/**
 * A resource with a field that points at rows that belong to users (`note:references(notes)`, notes being owned)
 * may point only at rows its caller reaches. The foreign key proves that a row exists, not whose it is: without
 * this, one user could attach their rows to another's (an object-reference leak) and learn which ids exist. The
 * service checks each such reference with the owner's scope and refuses one the caller does not reach exactly as
 * a missing one: 422, naming the field. It follows from the fields, so it is never asked for nor recorded.
 */
export const ownedReferencesTrait: Trait = {
  id: 'owned-references',
  follows: (model) => ownedReferences(model).length > 0,
  signsIn: () => true,
  contribute(model) {
    const references = ownedReferences(model);
    const targets = [...new Map(references.map(({ target }) => [target.names.table, target])).values()];
    const repository = (target: ResourceModel) => ({
      module: `../${target.names.kebab}/${target.names.kebab}.repository.js`,
      name: `${target.names.pluralPascal}Repository`,
    });
    const first = targets[0]!;
    const listed = targets.map((target) => target.names.pluralWords).join(' or ');
    return {
      imports: {
        service: [
          { from: '../../auth/access.js', names: [{ name: 'AuthenticatedUser', typeOnly: true }] },
          { from: '../../auth/ownership.js', names: [{ name: 'ownerScope' }] },
          { from: '../../lib/errors.js', names: [{ name: 'UnknownReferenceError' }] },
          ...targets.map((target) => ({
            from: repository(target).module,
            names: [{ name: repository(target).name, typeOnly: true }],
          })),
        ],
        routes: targets.map((target) => ({
          from: repository(target).module,
          names: [{ name: repository(target).name }],
        })),
      },
      service: {
        inputs: [{ ...callerInput, writesOnly: true }],
        checkBody: (body) => `await this.assertReferencesReachable(caller, ${body});`,
        dependencies: targets.map((target) => repositoryDependency(target.names, target)),
        members: [
          {
            template: 'traits/owned-references/service-members',
            context: {
              listed,
              ownedReferences: references.map(({ field, target }) => ({
                name: field.name,
                repository: target.names.plural,
                everyOwnerPermission: ownerPermissions(target.names).all.name,
              })),
            },
          },
        ],
      },
      // Whoever points at a user's row must be someone who may have such rows; reading stays as it was.
      routes: { permission: ownerPermissions(first.names).own.name, permissionOnWritesOnly: true },
      prose: {
        service:
          ` A body may point only at ${listed} the caller reaches: another user's is refused exactly like one that ` +
          "does not exist (422), so that ids of other users' rows can be neither used nor probed.",
        routes: `create, replace and update require ${ownerPermissions(first.names).own.name}, and name only ${listed} the caller reaches`,
      },
    };
  },
  test(model, plan) {
    return {
      block: {
        template: 'traits/owned-references/test',
        context: {
          ownedReferences: ownedReferences(model).map(({ field, target }) => ({
            name: field.name,
            target: target.names.singularWords,
            targets: target.names.pluralWords,
            helper: plan.rowHelper(target.names.table),
            strangers: `strangers${target.names.singularPascal}`,
            callers: `callers${target.names.singularPascal}`,
            everyOwnerPermission: ownerPermissions(target.names).all.name,
          })),
        },
      },
    };
  },
};

/** The fields that point at a resource whose rows belong to users, each with that resource. */
function ownedReferences(model: ResourceModel): { field: FieldSpec; target: ResourceModel }[] {
  return model.fields.flatMap((field) => {
    const target = field.references ? model.related[field.references.resource] : undefined;
    return target?.traits.includes('owned') ? [{ field, target }] : [];
  });
}
