import { STATUS_CODES } from 'node:http';

import { z } from 'zod';

/** The error body of every failed request: RFC 9457 problem details, plus the request id. */
export const problemDetailsSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string(),
    instance: z.string(),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  // RFC 9457 allows extension members (e.g. `checks` on /ready), so they are kept, not stripped.
  .loose()
  .meta({ id: 'ProblemDetails' });

export type ProblemDetails = z.infer<typeof problemDetailsSchema>;

export const problemContentType = 'application/problem+json';

interface ProblemInput {
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  extensions?: Record<string, unknown>;
}

export function problemDetails({ status, detail, instance, requestId, extensions }: ProblemInput): ProblemDetails {
  // `about:blank` says the status code is all the type there is; the title is then its standard phrase.
  const members = { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail, instance, requestId };
  // Extension members follow the standard ones, and can never overwrite them.
  return { ...members, ...extensions, ...members };
}

/**
 * An error response as a route's schema declares it, for the OpenAPI document: a problem+json body, and what the
 * status means. Routes never send these bodies themselves: the error handler does, whatever the route declares.
 */
export function problemResponse(description: string) {
  return { description, content: { [problemContentType]: { schema: problemDetailsSchema } } };
}

/** The client errors that resource routes declare, each with its meaning. */
export const problemResponses = {
  400: problemResponse('Invalid params, query or body: `errors` lists each problem as { path, message }'),
  401: problemResponse('Not authenticated: no credentials, or credentials that are not (or no longer) good'),
  403: problemResponse('Authenticated, but not allowed to do this'),
  404: problemResponse('The resource, or the resource in its path, does not exist'),
  409: problemResponse('A unique value is already taken, or the resource is still referenced by others'),
  412: problemResponse('If-Match names a version the resource is no longer at: get it again, then retry'),
  422: problemResponse('A referenced resource does not exist (`errors` names the field), or a value is refused'),
  429: problemResponse('Too many requests: wait for the number of seconds in Retry-After'),
};
