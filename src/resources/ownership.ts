import type { ResourceNames } from './names.js';

/**
 * What `--owned` gives a resource: a column naming the user each row belongs to, and two permissions in the
 * service's permissions table. The generated code, the edits of the table and their undoing all read them here.
 */

/** The owner: its entity property, and its column, a key of `table` set from the caller, never from a body. */
export const ownerKey = { name: 'ownerId', column: 'owner_id', table: 'users' } as const;

/** The service's table of who may do what, which every auth style writes, and the object literal in it. */
export const permissionsFile = 'src/auth/permissions.ts';
export const grantsVariable = 'grants';

/** One line of the table: a permission, the roles that have it, and what it allows. */
export interface Grant {
  name: string;
  roles: readonly ('user' | 'admin')[];
  description: string;
}

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
