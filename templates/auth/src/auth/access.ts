import type { FastifyInstance, FastifyRequest } from 'fastify';

import { getRequestContext } from '../plugins/request-context.js';
import { ForbiddenError, UnauthorizedError } from './errors.js';
import { type Permission, type Role, rolePermissions } from './permissions.js';

/**
 * Who is calling, as the server established it: never read from anything the client sends. Authorize on
 * `permissions`, never on `role`: a credential may hold fewer permissions than its user's role (an API key
 * has only its scopes).
 */
export interface AuthenticatedUser {
  id: string;
  role: Role;
  permissions: readonly Permission[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a route requires; a route without one is public. */
    permission?: Permission;
  }
  interface FastifyRequest {
    /** The caller, on routes that require a permission; null elsewhere. */
    user: AuthenticatedUser | null;
  }
}

declare module '../plugins/request-context.js' {
  interface RequestContext {
    /** The caller, on routes that require a permission, so that services can know it without the request. */
    user?: AuthenticatedUser;
  }
}

export function authenticatedUser(id: string, role: Role): AuthenticatedUser {
  return { id, role, permissions: rolePermissions[role] };
}

/**
 * How an auth style finds out who sent a request: the user, or null when the request carries no credentials at
 * all. Credentials that are present but bad throw an UnauthorizedError, saying why.
 */
export type Authenticate = (request: FastifyRequest) => Promise<AuthenticatedUser | null>;

/**
 * Guards every route that names a permission: 401 when the caller is not authenticated, 403 when the caller's
 * role does not grant the permission. It runs as soon as the route is known, before the body is even parsed,
 * so an anonymous request never reaches validation or a handler.
 */
export function guardRoutes(
  app: FastifyInstance,
  { authenticate, challenge }: { authenticate: Authenticate; challenge?: string },
): void {
  // What a 401 without credentials says to send (the WWW-Authenticate header, e.g. `Bearer`).
  const missingCredentials: Record<string, string> = challenge ? { 'www-authenticate': challenge } : {};
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request) => {
    const { permission } = request.routeOptions.config;
    if (!permission) return;
    const user = await authenticate(request);
    if (!user) throw new UnauthorizedError('Authentication is required', missingCredentials);
    request.user = user;
    const context = getRequestContext();
    if (context) context.user = user;
    if (!user.permissions.includes(permission)) throw new ForbiddenError();
  });
}

/** The caller on a route that requires a permission (the guard has run, so there is one). */
export function currentUser(request: FastifyRequest): AuthenticatedUser {
  if (!request.user) throw new UnauthorizedError();
  return request.user;
}
