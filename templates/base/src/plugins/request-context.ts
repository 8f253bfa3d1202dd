import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';

/** What every layer may know about the request being served, without being handed the request. */
export interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The context of the request this code runs for; undefined outside a request (start-up, scripts). */
export function getRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

const wellFormedRequestId = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Fastify's `genReqId`: keeps the caller's X-Request-Id so one id follows a request across services, unless it
 * is malformed (it lands in logs and headers, so arbitrary text is not trusted); otherwise a new UUID.
 */
export function requestIdFrom(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && wellFormedRequestId.test(incoming) ? incoming : randomUUID();
}

const requestContextPlugin: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', (request, reply, done) => {
    // Set first, so that every response carries it, including 404s, 429s and errors.
    reply.header('x-request-id', request.id);
    // Everything that runs for this request from here on (hooks, handler, services) sees this context.
    storage.run({ requestId: request.id }, done);
  });
};

export default fp(requestContextPlugin, { name: 'request-context' });
