/**
 * Errors that services and handlers throw on purpose. The global error handler turns them into
 * problem+json responses with their status and message, so the message must be safe to show a client.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    /** Extra members for the problem details body, e.g. `{ checks }`. */
    readonly extensions: Record<string, unknown> = {},
    /** Headers the response must carry, e.g. `WWW-Authenticate` with a 401. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export class NotFoundError extends HttpError {
  constructor(message = 'The resource does not exist') {
    super(404, message);
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends HttpError {
  constructor(message: string) {
    super(409, message);
    this.name = 'ConflictError';
  }
}
