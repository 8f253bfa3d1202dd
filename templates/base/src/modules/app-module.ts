import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';

import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import type { ReadinessCheck } from './health/health.service.js';

/** What buildApp hands every module: modules build their repositories and services from these. */
export interface ModuleDependencies {
  config: Config;
  db: Kysely<Database>;
  readinessChecks: ReadinessCheck[];
}

/** A module is a Fastify plugin that declares its routes, with zod schemas for their input and output. */
export type AppModule = FastifyPluginAsyncZod<ModuleDependencies>;
