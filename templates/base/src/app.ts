import Fastify, { LogController } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';

import type { Config } from './config.js';
import { type DatabaseConnection, pingDatabase } from './db/connection.js';
import type { Logger } from './lib/logger.js';
import { serializerCompiler } from './lib/response-serializer.js';
import type { ReadinessCheck } from './modules/health/health.service.js';
import { modules } from './modules/index.js';
import cors from './plugins/cors.js';
import docs from './plugins/docs.js';
import draining from './plugins/draining.js';
import errors from './plugins/errors.js';
import metrics from './plugins/metrics.js';
import rateLimit from './plugins/rate-limit.js';
import requestContext, { requestIdFrom } from './plugins/request-context.js';
import requestLog from './plugins/request-log.js';
import security from './plugins/security.js';

/** Everything the app uses from outside, handed in so that tests can pass their own (e.g. a test database). */
export interface AppDependencies {
  config: Config;
  logger: Logger;
  database: DatabaseConnection;
}

/** Builds the app without listening: main.ts listens, tests call `app.inject()`. */
export async function buildApp({ config, logger, database }: AppDependencies) {
  const app = Fastify({
    loggerInstance: logger,
    // Fastify asks requestIdFrom for every request's id, and puts it in every log line of that request.
    genReqId: requestIdFrom,
    requestIdHeader: false,
    // plugins/request-log.ts writes one line per request, in place of Fastify's two.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
  }).withTypeProvider<ZodTypeProvider>();

  // Routes declare zod schemas: zod validates what comes in, and what goes out is written from the response
  // schema, so that a response holds the fields its schema names and nothing else.
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Cross-cutting plugins, in the order their hooks run for each request:
  await app.register(requestContext); // the request id first: every later step, log line and response has it
  await app.register(requestLog); // a log line for every request, errors and refusals included
  await app.register(security, { config }); // security headers and CORS headers, set before anything can fail,
  await app.register(cors, { config }); // so that error responses carry them too
  await app.register(rateLimit, { config }); // refuse excess requests before doing any work for them
  await app.register(errors); // the error handler, and the catch-all 404 (rate limited as well)
  await app.register(metrics, { pool: database.pool }); // time every response
  await app.register(draining); // close keep-alive connections once shutdown begins
  await app.register(docs); // the OpenAPI document: before the modules, as it collects their routes

  // Every backing service /ready must reach; a feature that adds one (Redis, a queue...) adds its check here.
  const readinessChecks: ReadinessCheck[] = [{ name: 'database', check: () => pingDatabase(database.db) }];

  for (const module of modules) {
    await app.register(module, { config, db: database.db, readinessChecks });
  }

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
