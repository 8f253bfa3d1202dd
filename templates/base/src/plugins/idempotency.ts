import { createHash } from 'node:crypto';

import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { z } from 'zod';

import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import { HttpError } from '../lib/errors.js';
import { type IdempotencyClaim, PostgresIdempotencyStore, type StoredResponse } from '../lib/idempotency-store.js';
import { problemResponse } from '../lib/problem-details.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `false` on a POST or PATCH route whose responses must not be stored, such as one that hands out credentials. */
    idempotencyKey?: false;
  }
}

const header = 'idempotency-key';
const methods = new Set(['POST', 'PATCH']);

// Replayed with the body, because they describe it; the rest (request id, security headers...) is this request's.
const replayedHeaders = ['content-type', 'location', 'etag', 'last-modified'];

// A request that holds its key longer than this is taken for dead (its process stopped): its key is free again.
const leaseSeconds = 60;
// Expired keys are taken over when used again; the rest are deleted this often, so the table does not grow.
const cleanupIntervalMs = 10 * 60 * 1000;

const keyHeaderSchema = {
  [header]: z
    .string()
    .min(1)
    .max(255)
    .optional()
    .describe(
      'Any unique string (a UUID): a retry with the same key and body gets the first response again, marked `Idempotent-Replayed: true`, and changes nothing',
    ),
};

const keyResponses: Record<number, string> = {
  409: 'A request with the same Idempotency-Key is still running: retry later',
  422: 'The Idempotency-Key was used before with another request (method, URL, If-Match or body)',
};

/** A key a request has taken: the claim, and the attempt that completes or releases it. */
type HeldKey = IdempotencyClaim & { attempt: string };

function acceptsKey(method: string | readonly string[], config: { idempotencyKey?: false } | undefined): boolean {
  return config?.idempotencyKey !== false && [method].flat().some((name) => methods.has(name));
}

/** The route's headers schema with Idempotency-Key added; a new one (keeping every other header) if it has none. */
function withKeyHeader(headers: unknown) {
  if (headers === undefined) return z.looseObject(keyHeaderSchema);
  if (headers instanceof z.ZodObject) return headers.extend(keyHeaderSchema);
  throw new Error('A POST or PATCH route declares headers that are not a zod object: Idempotency-Key cannot join them');
}

/** The route's responses with the 409 and 422 of Idempotency-Key, joined to those the route already declares. */
function withKeyResponses(responses: unknown) {
  const declared = (responses ?? {}) as Record<string, { description?: string }>;
  const added = Object.entries(keyResponses).map(([status, description]) => {
    const before = declared[status]?.description;
    return [status, problemResponse(before ? `${before}. Or: ${description}` : description)];
  });
  return { ...declared, ...Object.fromEntries(added) };
}

/** Whose keys these are: the caller's, where an auth feature set `request.user`; else the one anonymous scope. */
function scopeOf(request: FastifyRequest): string {
  const { user } = request as FastifyRequest & { user?: { id: string } | null };
  return user ? `user:${user.id}` : 'anonymous';
}

// The body as validated, whose fields come in the schema's order: another order or spacing is the same request.
// If-Match counts too: a write made on condition of another version is another request.
function fingerprintOf(request: FastifyRequest): string {
  const ifMatch = request.headers['if-match'] ?? null;
  return createHash('sha256')
    .update(JSON.stringify([request.method, request.url, ifMatch, request.body ?? null]))
    .digest('hex');
}

// The 409 of a retry that comes while the first request runs: it may well succeed a moment later.
function stillRunning(reply: FastifyReply): HttpError {
  reply.header('retry-after', '1');
  return new HttpError(409, 'A request with this Idempotency-Key is still running: retry later');
}

function replay(reply: FastifyReply, response: StoredResponse) {
  return reply
    .code(response.statusCode)
    .headers({ ...response.headers, 'idempotent-replayed': 'true' })
    .send(response.body ?? undefined);
}

/**
 * `Idempotency-Key` on POST and PATCH: a client that may send a request twice (a timeout, a lost connection) sends
 * it with a key, and a retry with the same key and body gets the first response again instead of creating or
 * changing anything a second time.
 *
 * - The key is checked after authentication (onRequest) and validation, before the handler (preHandler). Keys
 *   are scoped to the caller: the user, when the route requires one, or the anonymous caller.
 * - The response is kept as sent (status, Content-Type, Location, body) when it is final: 2xx, 3xx and 4xx. A
 *   5xx is not kept: the key is released, so that a retry runs again. 400s of validation, 401s and 403s come
 *   before the key is taken and are not kept either.
 * - The same key with another method, URL or body is a 422; a retry while the first request still runs, a 409.
 * - Keys are kept for IDEMPOTENCY_KEY_TTL_SECONDS (24 h by default), in PostgreSQL (src/lib/idempotency-store.ts).
 *
 * Registered before compression, so that the body is kept as serialized, and a replay is compressed as the first
 * response was: it passes through the same onSend hooks.
 */
export default fp<{ config: Config; db: Kysely<Database> }>(
  async (app, { config, db }) => {
    const store = new PostgresIdempotencyStore(db, { ttlSeconds: config.IDEMPOTENCY_KEY_TTL_SECONDS, leaseSeconds });
    // The key each request holds, from preHandler to onSend.
    const held = new WeakMap<FastifyRequest, HeldKey>();

    async function claimKey(request: FastifyRequest, reply: FastifyReply) {
      const key = request.headers[header];
      if (typeof key !== 'string') return;

      const claim = { scope: scopeOf(request), key, fingerprint: fingerprintOf(request) };
      const record = await store.get(claim.scope, claim.key);
      if (record) {
        if (record.fingerprint !== claim.fingerprint) {
          throw new HttpError(
            422,
            'This Idempotency-Key was used with another request (method, URL, If-Match or body)',
          );
        }
        if (record.response) return replay(reply, record.response);
        throw stillRunning(reply);
      }
      const attempt = await store.start(claim);
      // Another request took the key between get and start: it is running now.
      if (!attempt) throw stillRunning(reply);
      held.set(request, { ...claim, attempt });
    }

    // Every POST and PATCH route takes the header (validated, and shown in /docs with what its 409 and 422 mean),
    // and checks it in a preHandler of its own: the other routes do not pay for it.
    app.addHook('onRoute', (route) => {
      if (!acceptsKey(route.method, route.config)) return;
      route.schema = {
        ...route.schema,
        headers: withKeyHeader(route.schema?.headers),
        response: withKeyResponses(route.schema?.response),
      };
      route.preHandler = [...[route.preHandler ?? []].flat(), claimKey];
    });

    // On every route, as onSend hooks of the app run before those of compression; a request without a key held
    // (nearly all of them) passes straight through.
    app.addHook('onSend', (request, reply, payload, done) => {
      const claim = held.get(request);
      if (!claim) return done(null, payload);
      held.delete(request);
      // storeResponse never fails the response: what it cannot store, it logs.
      void storeResponse(claim, request, reply, payload).then(() => done(null, payload));
    });

    async function storeResponse(claim: HeldKey, request: FastifyRequest, reply: FastifyReply, payload: unknown) {
      try {
        // A 5xx is not kept, nor is a body that is not text (a stream, a buffer): the key is released instead.
        if (reply.statusCode < 500 && (typeof payload === 'string' || payload == null)) {
          const headers = Object.fromEntries(
            replayedHeaders.flatMap((name) => {
              const value = reply.getHeader(name);
              return value === undefined ? [] : [[name, String(value)]];
            }),
          );
          const body = typeof payload === 'string' ? payload : null;
          await store.complete(claim, claim.attempt, { statusCode: reply.statusCode, headers, body });
        } else {
          await store.release(claim, claim.attempt);
        }
      } catch (error) {
        // The work is done and its response is on its way: it is not failed for this. The key stays taken until
        // its lease ends, so that a retry cannot run it twice in the meantime.
        request.log.error({ err: error }, 'could not store the response for an Idempotency-Key');
      }
    }

    const cleanup = setInterval(() => {
      store.deleteExpired().catch((error: unknown) => app.log.warn({ err: error }, 'could not delete expired keys'));
    }, cleanupIntervalMs);
    cleanup.unref(); // never the reason the process stays alive
    app.addHook('onClose', async () => clearInterval(cleanup));
  },
  { name: 'idempotency' },
);
