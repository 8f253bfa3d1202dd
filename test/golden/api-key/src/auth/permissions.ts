/**
 * Who may do what, in one place: each permission, and the roles that have it. A route names the permission it
 * needs (`config: { permission: 'users:read' }`). To let a role do more, add the role to a permission's list; a
 * new permission is a new line here, and TypeScript then checks every route that names one. A new role also
 * needs a migration: the users table's CHECK lists the roles it accepts.
 */
export const roles = ['user', 'admin'] as const;
export type Role = (typeof roles)[number];

const grants = {
  'profile:read': ['user', 'admin'], // see their own account (GET /v1/auth/me)
  'users:read': ['admin'], // list and read every account
  'api-keys:manage': ['admin'], // create, list and revoke API keys
  'notes:own': ['user', 'admin'], // create, read and change one's own notes
  'notes:all': ['admin'], // read and change every user's notes
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof grants;
export const permissions = Object.keys(grants) as [Permission, ...Permission[]];

/** The permissions a role has, read off the table above. */
function permissionsOf(role: Role): Permission[] {
  return permissions.filter((permission) => (grants[permission] as readonly Role[]).includes(role));
}

export const rolePermissions: Record<Role, readonly Permission[]> = {
  user: permissionsOf('user'),
  admin: permissionsOf('admin'),
};
