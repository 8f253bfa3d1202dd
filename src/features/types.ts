import type { DependencyName } from '../engine/versions.js';
import type { Tree } from '../engine/tree.js';
import type { ChoiceKey, Options } from '../options/schema.js';

export type Environment = 'development' | 'test' | 'production';

/**
 * One environment variable of the generated service. This single declaration feeds the service's config
 * schema (src/config.ts), .env.example, .env and the README's table.
 */
export interface EnvVar {
  name: string;
  description: string;
  /** The zod expression that parses it in the generated src/config.ts. */
  schema: string;
  /** Values merged under process.env before parsing, per NODE_ENV. A secret has no production default. */
  defaults?: Partial<Record<Environment, string>>;
  /** What .env.example shows; defaults to the development default. */
  example?: string;
  secret?: boolean;
  /** Optional in development and tests (a local fallback exists) but required in production. */
  requiredInProduction?: boolean;
  /** What an unset value means, for the README (`PGlite`, `in memory`). */
  unsetMeans?: string;
  /**
   * The templates give it a value of their own wherever the service runs as in production (docker-compose.yml,
   * the tests), so it is left out of the production settings listed there.
   */
  setByTemplates?: boolean;
  /**
   * What the tests that run the app as in production give it, when its test default leaves a part off (an empty
   * ELASTICSEARCH_URL: search is off in tests unless the environment names a cluster). Defaults to the test default.
   */
  productionTestValue?: string;
}

/** An npm script of the generated service, with the line the README's table says about it. */
export interface Script {
  command: string;
  description: string;
  /** How it is called with arguments, e.g. `<name>` for `db:new <name>`. */
  arguments?: string;
}

export interface GenerationContext {
  options: Options;
  generatorVersion: string;
  features: readonly Feature[];
  env: readonly EnvVar[];
}

/** The roles of the generated service (as its src/auth/permissions.ts declares them), in the README's order. */
export const allRoles = ['user', 'admin'] as const;
export type Role = (typeof allRoles)[number];

/**
 * Code a feature plugs into files the base templates write (app.ts, modules/index.ts, db/schema.ts, the docs
 * plugin). The base templates render these lists, so no feature has to edit a base file.
 */
export interface Contributions {
  /**
   * Fastify plugins buildApp registers after the cross-cutting ones and before the modules. `options` is the
   * expression it passes them, or a function of the generator's options that returns it.
   */
  plugins?: readonly {
    name: string;
    from: string;
    options: string | ((options: Options) => string);
    comment: string;
  }[];
  /** Modules listed in src/modules/index.ts after health, e.g. `{ name: 'authModule', from: './auth/auth.routes.js' }`. */
  modules?: readonly { name: string; from: string }[];
  /** Tables of the Database interface, e.g. `{ table: 'users', type: 'UsersTable', from: '../modules/users/users.repository.js' }`. */
  tables?: readonly { table: string; type: string; from: string }[];
  /** Permissions for src/auth/permissions.ts, each with the roles that have it and what it allows. */
  permissions?: readonly { name: string; roles: readonly Role[]; description: string }[];
  /**
   * The module (path from src/plugins/) that exports `securitySchemes` for the OpenAPI document and
   * `withSecurityRequirements`, which marks the routes that require a permission.
   */
  openapiSecurity?: string;
  /** Backing services besides the database (a cache...): see BackingService. */
  services?: readonly BackingService[];
  /** Services of docker-compose.yml besides postgres: see ComposeService. */
  composeServices?: readonly ComposeService[];
  /**
   * A shared store for the rate limit's counters (plugins/rate-limit.ts): `name(config)`, exported by `from` (a path
   * from src/plugins/), returns `{ Store, close }`, Store being a store class of @fastify/rate-limit. The service
   * then reads RATE_LIMIT_STORE and RATE_LIMIT_FAIL_OPEN, which the feature declares.
   */
  rateLimitStore?: { name: string; from: string };
  /**
   * Another store for Idempotency-Keys (plugins/idempotency.ts): `name(config, options)`, exported by `from` (a path
   * from src/plugins/), returns `{ store, close }`. The service then reads IDEMPOTENCY_STORE, which the feature
   * declares (`postgres` or the other one).
   */
  idempotencyStore?: { name: string; from: string };
  /**
   * Extensions the embedded database (PGlite) loads, each exported as `name` by `from`: PostgreSQL's own contrib
   * extensions ship with the server, PGlite's as modules. The migrations still CREATE EXTENSION them.
   */
  pgliteExtensions?: readonly { name: string; from: string }[];
}

/** A service of docker-compose.yml (Redis...), which the app's container reaches and waits for. */
export interface ComposeService {
  name: string;
  /** Its YAML block, indented under `services:`, formatted as Prettier writes YAML */
  yaml: string;
  /** What the app and its migration get in their environment to reach it, e.g. REDIS_URL */
  environment: readonly { name: string; value: string }[];
}

/**
 * A backing service the app is handed as it is handed the database: server.ts connects it after the database and
 * closes it before (resources close in reverse order), the tests' buildTestApp connects one per app, and buildApp
 * hands it to every module under `name`. The object has `close()`, and `ping()` when it declares readiness.
 */
export interface BackingService {
  /** Its name in AppDependencies and ModuleDependencies: `cache` */
  name: string;
  /** Its type, and the module that exports the type, as a path from src/: `Cache`, `lib/cache.js` */
  type: string;
  typeFrom: string;
  /**
   * The function that connects it, called with (config, logger), or with (config, logger, database) when it lives in
   * the database (`inDatabase`), and the module that exports it (from src/)
   */
  connect: string;
  inDatabase?: boolean;
  connectFrom: string;
  /** What it is, for the comment in AppDependencies */
  description: string;
  /**
   * Its check in /ready, under this name, when it has one. An optional service (a cache) is named when it fails
   * while /ready still answers 200: the service works without it, and an outage of it must not take every
   * instance out of the load balancer. One `throughDatabase` queries the database (a queue kept there), so it fails
   * whenever the database does.
   */
  readiness?: { name: string; optional: boolean; throughDatabase?: boolean };
  /**
   * Handed to jobs too: JobContext has it under `name`, and the worker connects it (the search index, for the job
   * that keeps it in step)
   */
  handedToJobs?: boolean;
}

/**
 * A feature is data plus a few edits: its dependencies, its environment variables, its templates folder
 * (under templates/) and, where it must change files another feature wrote, edits on the virtual tree.
 */
export interface Feature {
  id: string;
  description: string;
  /** The option value this feature implements, e.g. `{ auth: 'jwt' }`; the base feature provides none. */
  provides?: Partial<Record<ChoiceKey, string>>;
  /** Features this one builds on; they are applied first. */
  requires?: readonly string[];
  when(options: Options): boolean;
  dependencies: readonly DependencyName[];
  devDependencies: readonly DependencyName[];
  scripts?: Readonly<Record<string, Script>>;
  env: readonly EnvVar[];
  /** Its folder under templates/, rendered into the service. A `_readme.md.hbs` there is not written as a file: it
   * becomes the feature's section of the service's README. */
  templates: string;
  contributes?: Contributions;
  edits?(tree: Tree, context: GenerationContext): void;
}

/** Defaults for a variable that has the same default in every environment. */
export function sameEverywhere(value: string): Partial<Record<Environment, string>> {
  return { development: value, test: value, production: value };
}
