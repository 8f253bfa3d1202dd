import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { ForbiddenError, NotAuthenticatedError } from '../lib/errors.js';
import { getRequestContext } from '../plugins/request-context.js';
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
 * all. Credentials that are present but bad throw a NotAuthenticatedError, saying why.
 */
export type Authenticate = (request: FastifyRequest) => Promise<AuthenticatedUser | null>;

/**
 * What the 401s of an auth style tell the client to send, in the WWW-Authenticate header: `missing` when the
 * request carried no credentials, `invalid` when the ones it carried are refused. Without one, no such header.
 */
export interface Challenges {
  missing?: string;
  invalid?: string;
}

/** RFC 6750's challenges, for styles that take a token in `Authorization: Bearer <token>`. */
export const bearerChallenges = { missing: 'Bearer', invalid: 'Bearer error="invalid_token"' } satisfies Challenges;

/**
 * Guards every route that names a permission: 401 when the caller is not authenticated, 403 when the caller's
 * role does not grant the permission. It runs as soon as the route is known, before the body is even parsed,
 * so an anonymous request never reaches validation or a handler.
 */
export function guardRoutes(
  app: FastifyInstance,
  { authenticate, challenges = {} }: { authenticate: Authenticate; challenges?: Challenges },
): void {
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request, reply) => {
    const { permission } = request.routeOptions.config;
    if (!permission) return;
    const user = await authenticate(request).catch((error: unknown) => {
      if (error instanceof NotAuthenticatedError) challenge(reply, challenges.invalid);
      throw error;
    });
    if (!user) {
      challenge(reply, challenges.missing);
      throw new NotAuthenticatedError();
    }
    request.user = user;
    const context = getRequestContext();
    if (context) context.user = user;
    if (!user.permissions.includes(permission)) throw new ForbiddenError();
  });
}

/** The caller on a route that requires a permission (the guard has run, so there is one). */
export function currentUser(request: FastifyRequest): AuthenticatedUser {
  if (!request.user) throw new NotAuthenticatedError();
  return request.user;
}

// The header is HTTP's part of a 401, so the guard sets it here; the error plugin answers with the reply's headers.
function challenge(reply: FastifyReply, value: string | undefined): void {
  if (value) reply.header('www-authenticate', value);
}
