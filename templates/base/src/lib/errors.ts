/*
 * Domain errors: what services (and the auth checks) throw when a rule refuses a request. They say what went
 * wrong, never how HTTP says it: the error plugin (src/plugins/errors.ts) holds the one table that turns each
 * into a status. Their message reaches the client, so it must be safe to show.
 */

/** The thing asked for does not exist (or the caller may not know that it does). */
export class NotFoundError extends Error {
  constructor(message = 'The resource does not exist') {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** The request clashes with the current state, e.g. an email that another account already has. */
export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

/**
 * The caller asked to change a row only if it is still at the version they read (If-Match), and it is not: someone
 * else changed it in between. Nothing was changed; the caller should read it again.
 */
export class StaleVersionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StaleVersionError';
  }
}

/**
 * A body names a row that does not exist, or one the caller may not know of (another user's), in `field`: the
 * same refusal as the database's for a foreign key to nowhere, so that the two cannot be told apart.
 */
export class UnknownReferenceError extends Error {
  constructor(readonly field: string) {
    super('A referenced resource does not exist');
    this.name = 'UnknownReferenceError';
  }
}

/** The caller did not prove who they are, or their proof (password, token, key) is not, or no longer, good. */
export class NotAuthenticatedError extends Error {
  constructor(message = 'Authentication is required') {
    super(message);
    this.name = 'NotAuthenticatedError';
  }
}

/** The caller is known, and not allowed to do this. */
export class ForbiddenError extends Error {
  constructor(message = 'You are not allowed to do this') {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/** Something this service depends on (an identity provider, say) cannot be reached now; trying later may work. */
export class UnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnavailableError';
  }
}

/**
 * An HTTP response decided by HTTP-layer code (a route or a plugin), for what no domain error says: the /ready
 * route's 503 with its `checks`, for one. Services never throw it.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    /** Extra members for the problem details body, e.g. `{ checks }`. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
