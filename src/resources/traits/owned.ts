import type { ResourceModel } from '../model.js';
import type { ResourceNames } from '../names.js';
import { capitalize, withArticle } from '../render-names.js';
import type { Grant, ServiceInput, Trait } from './types.js';

/**
 * Rows that belong to users (`--owned`): an owner column set from the caller, never from a body, and two
 * permissions. Every route requires `<name>:own`; a caller who also holds `<name>:all` reaches every user's rows,
 * anyone else only their own: the repository puts the owner in the WHERE of the very statement that reads or
 * writes, so another user's row is a 404, exactly like a missing one (a 403 would tell that the id exists).
 */
export const ownedTrait: Trait = {
  id: 'owned',
  signsIn: () => true,
  requires: [
    {
      feature: 'auth',
      message: '--owned needs a service with auth (rows belong to users), and this one was generated with --auth none.',
    },
  ],
  contribute(model) {
    const { names } = model;
    const { own, all } = ownerPermissions(names);
    const permission = (grant: Grant) => `${grant.name} (${grant.roles.join(', ')})`;
    return {
      imports: {
        repository: [
          { from: 'kysely', names: [{ name: 'ExpressionBuilder', typeOnly: true }] },
          { from: '../../auth/ownership.js', names: [{ name: 'OwnerScope', typeOnly: true }] },
        ],
        service: [
          { from: '../../auth/access.js', names: [{ name: 'AuthenticatedUser', typeOnly: true }] },
          { from: '../../auth/ownership.js', names: [{ name: 'OwnerScope', typeOnly: true }, { name: 'ownerScope' }] },
        ],
      },
      columns: [
        {
          name: ownerKey.name,
          description: 'the owner that --owned adds',
          column: ownerKey.column,
          schema: 'z.uuid()',
          columnType: 'uuid',
          columnBuilder: '.notNull()',
          rowType: 'string',
          foreignKey: {
            table: ownerKey.table,
            onDelete: 'cascade',
            comment: `Deleting a user deletes the ${names.pluralWords} they own.`,
          },
        },
      ],
      repository: {
        scope: {
          parameter: { name: 'owners', type: 'OwnerScope' },
          where: 'ownedBy(owners)',
          // Which rows ownedBy reaches depends on the scope (one owner, or all): a condition built on each call.
          compilable: false,
          // A row read through the cache is read by id alone, then checked: reached by the caller, or not found.
          cached: {
            check: (entity) => `inOwnerScope(owners, ${entity}.${ownerKey.name})`,
            imports: [{ from: '../../auth/ownership.js', names: [{ name: 'inOwnerScope' }] }],
          },
          search: { key: ownerKey.column, value: "'ownerId' in owners ? owners.ownerId : undefined" },
          missing: `no ${names.singularWords} in \`owners\` has this id`,
          noneDeleted: `no ${names.singularWords} in \`owners\` has this id`,
        },
        create: {
          parameter: { name: ownerKey.name, type: 'string' },
          column: `${ownerKey.column}: ${ownerKey.name}`,
          doc: `/** Inserts ${withArticle(names.singularWords)} that belongs to \`${ownerKey.name}\`. */`,
        },
        functions: [{ template: 'traits/owned/repository-functions', context: { ownerColumn: ownerKey.column } }],
      },
      service: {
        inputs: [callerInput],
        scopeArgument: 'reachedBy(caller)',
        createArgument: 'caller.id',
        createDoc:
          `/** Creates ${withArticle(names.singularWords)} that belongs to the caller, whoever they are ` +
          "(an admin's are their own). */",
        functions: [{ template: 'traits/owned/service-functions', context: { everyOwnerPermission: all.name } }],
      },
      routes: {
        permission: own.name,
      },
      permissions: [own, all],
      prose: {
        collection: `the caller's ${names.pluralWords}`,
        listed: `one's own ${names.pluralWords} (every user's with ${all.name})`,
        entity:
          ` ${ownerKey.name} is the user it belongs to: the server sets it to the caller on create, never from a ` +
          'body, and it is shown here read-only.',
        repository:
          `${capitalize(names.pluralWords)} belong to users: every method but create takes an OwnerScope and makes ` +
          `it part of the statement's WHERE, so ${withArticle(names.singularWords)} outside the scope is neither ` +
          (model.traits.includes('cached')
            ? 'read nor changed; but for the read by id, which the cache answers whoever asks: it is read first and ' +
              'checked after, and one outside the scope is found but not returned.'
            : 'read nor changed, and no row is read first and checked after.'),
        service:
          ` Every method takes the caller: what they create is theirs, and they reach their own ${names.pluralWords} ` +
          `only, or every user's with ${all.name}. Another user's ${names.singularWords} is answered as missing ` +
          '(404), not as forbidden (403), which would tell that the id exists.',
        routes:
          `every route requires ${own.name}: 401 without credentials, 403 without the permission; ${all.name} ` +
          "reaches every user's",
      },
      note:
        `Its rows belong to users: every route requires ${permission(own)}, and ${permission(all)} reaches ` +
        "every user's; see src/auth/permissions.ts.",
    };
  },
  test(model: ResourceModel) {
    // Someone else whose rows the caller must not reach, in a collection both reach: under a parent that belongs
    // to the caller, only an admin (who reaches every parent) can add rows to it.
    const parentOwned = model.parent && model.related[model.parent.names.table]?.traits.includes('owned');
    return {
      serverSet: [{ name: ownerKey.name, value: 'caller.user.id' }],
      docs: [
        "expect(Object.keys(collection.post.responses)).toEqual(expect.arrayContaining(['401', '403']));",
        'expect(one.get.security).toEqual(expect.any(Array));',
      ],
      block: {
        template: 'traits/owned/test',
        context: {
          owned: {
            key: ownerKey.name,
            everyOwnerPermission: ownerPermissions(model.names).all.name,
            someoneElse: parentOwned ? 'admin' : 'stranger',
            someoneElseRole: parentOwned ? ", 'admin'" : '',
          },
        },
      },
    };
  },
};

/** The caller, as the service takes it: the user the guard authenticated (src/auth/access.ts). */
export const callerInput: ServiceInput = {
  name: 'caller',
  type: 'AuthenticatedUser',
  fromRequest: 'currentUser(request)',
  imports: [{ from: '../../auth/access.js', names: [{ name: 'currentUser' }] }],
};

/** The owner: its entity property, and its column, a key of `table` set from the caller, never from a body. */
export const ownerKey = { name: 'ownerId', column: 'owner_id', table: 'users' } as const;

/**
 * The permissions of an owned resource. Every route requires `own`; a caller who also holds `all` reaches every
 * user's rows, anyone else only their own. Authorization reads permissions, never roles: an API key may hold
 * fewer permissions than its user's role grants.
 */
export function ownerPermissions(names: ResourceNames): { own: Grant; all: Grant } {
  return {
    own: {
      name: `${names.kebab}:own`,
      roles: ['user', 'admin'],
      description: `create, read and change one's own ${names.pluralWords}`,
    },
    all: {
      name: `${names.kebab}:all`,
      roles: ['admin'],
      description: `read and change every user's ${names.pluralWords}`,
    },
  };
}
