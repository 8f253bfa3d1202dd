import { HttpError } from '../lib/errors.js';

/** 401: the request did not prove who sent it, or its proof is no longer good. */
export class UnauthorizedError extends HttpError {
  constructor(message = 'Authentication is required', headers: Record<string, string> = {}) {
    super(401, message, {}, headers);
    this.name = 'UnauthorizedError';
  }
}

/** 403: the caller is known, and not allowed to do this. */
export class ForbiddenError extends HttpError {
  constructor(message = 'You are not allowed to do this') {
    super(403, message);
    this.name = 'ForbiddenError';
  }
}
