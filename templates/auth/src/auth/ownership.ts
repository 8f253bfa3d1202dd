import type { AuthenticatedUser } from './access.js';
import type { Permission } from './permissions.js';

/**
 * The rows of an owned resource (`backend add resource <name> ... --owned`) that a caller reaches: their own, or,
 * when they hold the resource's `:all` permission, every user's. Repositories make it a condition of the very
 * statement that reads or writes (`WHERE owner_id = $1`), so that no row is first read and then checked: a row
 * someone else owns is simply not found, exactly like a row that does not exist. The one exception is a read by
 * id through the cache, which holds the row whoever asked: it is checked with inOwnerScope, and not returned.
 */
export type OwnerScope = { ownerId: string } | { everyOwner: true };

/** The scope of `caller` in a resource whose every-user permission is `everyOwnerPermission` (`notes:all`). */
export function ownerScope(caller: AuthenticatedUser, everyOwnerPermission: Permission): OwnerScope {
  return caller.permissions.includes(everyOwnerPermission) ? { everyOwner: true } : { ownerId: caller.id };
}

/** Whether a row that belongs to `ownerId` is in `scope`: the check on a row read without it (from the cache). */
export function inOwnerScope(scope: OwnerScope, ownerId: string): boolean {
  return 'everyOwner' in scope || scope.ownerId === ownerId;
}
