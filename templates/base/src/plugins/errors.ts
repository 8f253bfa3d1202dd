import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

import { mapDatabaseError } from '../lib/database-errors.js';
import {
  ConflictError,
  ForbiddenError,
  HttpError,
  NotAuthenticatedError,
  NotFoundError,
  StaleVersionError,
  UnavailableError,
  UnknownReferenceError,
} from '../lib/errors.js';
import { problemContentType, problemDetails, type ProblemDetails } from '../lib/problem-details.js';

interface ErrorResponse {
  status: number;
  detail: string;
  extensions?: Record<string, unknown>;
}

/**
 * The one place where domain errors (src/lib/errors.ts) become HTTP statuses; their message is the detail. A
 * subclass answers with its parent's status. A header that goes with a status, such as a 401's WWW-Authenticate,
 * is set on the reply by the HTTP-layer code that knows it (the authentication guard) and kept on the answer.
 * An UnknownReferenceError, which names a field, is answered before this table: see describeKnownError.
 */
const domainErrorStatuses: readonly (readonly [new (...args: never[]) => Error, number])[] = [
  [NotAuthenticatedError, 401],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [ConflictError, 409],
  [StaleVersionError, 412],
  [UnavailableError, 503],
];

// The parts of a request that Fastify validates, by its names for them: the first segment of each error's path,
// and the detail that says which part was refused.
const requestParts: Record<NonNullable<FastifyError['validationContext']>, { path: string; detail: string }> = {
  body: { path: 'body', detail: 'The request body is invalid' },
  querystring: { path: 'query', detail: 'The query string is invalid' },
  params: { path: 'params', detail: 'The path parameters are invalid' },
  headers: { path: 'headers', detail: 'The request headers are invalid' },
};

/**
 * The response for an error whose cause the client may be told; undefined for any other error.
 * Checked in order: invalid input, domain errors, HTTP errors thrown on purpose, database constraint violations,
 * then any other error carrying a 4xx status (Fastify's own: malformed JSON, body too large, 429 from the rate
 * limiter...).
 */
function describeKnownError(error: FastifyError): ErrorResponse | undefined {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const part = requestParts[error.validationContext ?? 'body'];
    const errors = error.validation.map((issue) => ({
      path: [part.path, ...issue.instancePath.split('/').filter(Boolean)].join('.'),
      message: issue.message ?? 'is invalid',
    }));
    return { status: 400, detail: part.detail, extensions: { errors } };
  }
  // As the database answers a foreign key to no row (lib/database-errors.ts): 422, naming the field.
  if (error instanceof UnknownReferenceError) {
    const errors = [{ path: `body.${error.field}`, message: 'does not exist' }];
    return { status: 422, detail: error.message, extensions: { errors } };
  }
  const domainStatus = domainErrorStatuses.find(([domainError]) => error instanceof domainError)?.[1];
  if (domainStatus) return { status: domainStatus, detail: error.message };
  if (error instanceof HttpError) {
    return { status: error.statusCode, detail: error.message, extensions: error.extensions };
  }
  const databaseError = mapDatabaseError(error);
  if (databaseError) {
    const { status, detail, errors } = databaseError;
    return { status, detail, extensions: errors?.length ? { errors } : {} };
  }
  // Bodies are JSON only (app.ts): say so, rather than Fastify's bare "Unsupported Media Type: text/plain".
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return { status: 415, detail: 'The request body must be JSON, sent with Content-Type: application/json' };
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return { status: error.statusCode, detail: error.message };
  }
  return undefined;
}

// Long enough for a database or a provider to come back from a restart, short enough not to lose the client.
const retryAfterSeconds = 5;

// The URL without its query string, which may carry values that do not belong in an error body.
function pathOf(request: FastifyRequest): string {
  return request.url.split('?', 1)[0] ?? '';
}

function sendProblem(request: FastifyRequest, reply: FastifyReply, response: ErrorResponse) {
  const body: ProblemDetails = problemDetails({
    ...response,
    instance: pathOf(request),
    requestId: request.id,
  });
  // A 503 is a backing service that cannot be reached now (the database, an identity provider): say when to retry.
  if (response.status === 503) reply.header('retry-after', String(retryAfterSeconds));
  // No cache may keep an error: the next request may well succeed (a route that set caching headers is overruled).
  reply.header('cache-control', 'no-store');
  // Sent as a string so that no route's response schema can reshape, or fail on, an error body.
  return reply.code(response.status).type(problemContentType).send(JSON.stringify(body));
}

/**
 * The one place where errors become responses: every error body is RFC 9457 problem details with the request id.
 * Errors the client caused keep their status and message; anything else is logged in full and answered with a
 * 500 that says nothing about its cause.
 */
export default fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const knownError = describeKnownError(error);
      if (knownError) {
        const level = knownError.status >= 500 ? 'warn' : 'info';
        request.log[level]({ err: error, statusCode: knownError.status }, 'request failed');
        return sendProblem(request, reply, knownError);
      }
      request.log.error({ err: error }, 'request failed');
      return sendProblem(request, reply, { status: 500, detail: 'Something went wrong' });
    });

    // Unknown routes are rate limited too, so that probing for URLs costs the same as calling them.
    app.setNotFoundHandler({ preHandler: app.rateLimit() }, (request, reply) =>
      sendProblem(request, reply, { status: 404, detail: `No route matches ${request.method} ${pathOf(request)}` }),
    );
  },
  { name: 'errors', dependencies: ['rate-limit'] },
);
