/**
 * Who may do what, in one place. A route names the permission it needs (`config: { permission: 'users:read' }`)
 * and a role is the list of permissions it grants. To let a role do more, add to its list; for a new
 * permission, add it to `permissions` first: TypeScript then checks every route and role that names one. A new
 * role also needs a migration: the users table's CHECK lists the roles it accepts.
 */
export const permissions = ['profile:read', 'users:read'] as const;
export type Permission = (typeof permissions)[number];

export const roles = ['user', 'admin'] as const;
export type Role = (typeof roles)[number];

export const rolePermissions: Record<Role, readonly Permission[]> = {
  user: ['profile:read'],
  admin: ['profile:read', 'users:read'],
};
