import { type EnvVar, type Feature, sameEverywhere } from '../types.js';

/**
 * The variables every service reads. Features add their own; each feeds config.ts, .env.example and the
 * README's table.
 */
const env: EnvVar[] = [
  {
    name: 'NODE_ENV',
    description: 'picks the column of defaults',
    schema: "z.enum(['development', 'test', 'production'])",
    example: 'development',
    unsetMeans: 'development',
  },
  {
    name: 'HOST',
    description: 'interface to listen on',
    schema: 'z.string().min(1)',
    defaults: { development: '127.0.0.1', test: '127.0.0.1', production: '0.0.0.0' },
  },
  {
    name: 'PORT',
    description: 'port to listen on (0: any free port)',
    schema: 'z.coerce.number().int().min(0).max(65535)',
    defaults: { development: '3000', test: '0', production: '3000' },
  },
  {
    name: 'LOG_LEVEL',
    description: '`fatal` `error` `warn` `info` `debug` `trace` `silent`',
    schema: "z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])",
    defaults: { development: 'debug', test: 'silent', production: 'info' },
  },
  {
    name: 'DATABASE_URL',
    description: 'PostgreSQL connection string: `postgres://user:password@host:5432/db`',
    schema: 'z.url({ protocol: /^postgres(ql)?$/ }).optional()',
    example: 'postgres://app:app@localhost:5432/app',
    requiredInProduction: true,
    unsetMeans: 'PGlite',
    setByTemplates: true,
  },
  {
    name: 'DATABASE_POOL_MAX',
    description: 'most connections the pool opens',
    schema: 'z.coerce.number().int().positive()',
    defaults: { development: '10', test: '5', production: '20' },
  },
  {
    name: 'PGLITE_DATA_DIR',
    description: 'where PGlite keeps its files when `DATABASE_URL` is unset',
    schema: 'z.string().min(1).optional()',
    defaults: { development: '.data/pglite' },
    unsetMeans: 'in memory',
  },
  {
    name: 'CORS_ORIGINS',
    description: 'browser origins allowed to call the API, comma-separated',
    schema: 'commaSeparatedList',
    defaults: {
      development: 'http://localhost:3000,http://localhost:5173',
      test: 'http://localhost:3000',
      production: '',
    },
  },
  {
    name: 'RATE_LIMIT_MAX',
    description: 'requests per client IP per window',
    schema: 'z.coerce.number().int().positive()',
    defaults: { development: '1000', test: '1000', production: '100' },
  },
  {
    name: 'RATE_LIMIT_WINDOW_MS',
    description: 'the rate limit window, in milliseconds',
    schema: 'z.coerce.number().int().positive()',
    defaults: sameEverywhere('60000'),
  },
  {
    name: 'BODY_LIMIT_BYTES',
    description: 'largest request body accepted (413 beyond)',
    schema: 'z.coerce.number().int().positive()',
    defaults: sameEverywhere('1048576'),
  },
  {
    name: 'IDEMPOTENCY_KEY_TTL_SECONDS',
    description: 'how long the response to an `Idempotency-Key` is kept, and replayed to a retry with that key',
    schema: 'z.coerce.number().int().positive()',
    defaults: sameEverywhere('86400'),
  },
  {
    name: 'TRUST_PROXY',
    description: '`true` behind a proxy you control: client IPs from X-Forwarded-For',
    schema: 'z.stringbool()',
    defaults: sameEverywhere('false'),
  },
  {
    name: 'SHUTDOWN_DRAIN_DELAY_MS',
    description:
      'after SIGTERM, how long the service goes on serving with `/ready` at 503, so that load balancers stop sending it requests before it stops accepting them',
    schema: 'z.coerce.number().int().min(0)',
    defaults: { development: '0', test: '0', production: '5000' },
  },
  {
    name: 'SHUTDOWN_TIMEOUT_MS',
    description: 'longest wait for in-flight work on shutdown, after the drain delay, before exiting with 1',
    schema: 'z.coerce.number().int().positive()',
    defaults: sameEverywhere('10000'),
  },
  {
    name: 'OTEL_ENABLED',
    description: 'OpenTelemetry tracing, configured by the standard `OTEL_*` variables',
    schema: 'z.stringbool()',
    defaults: sameEverywhere('false'),
  },
];

export const baseFeature: Feature = {
  id: 'base',
  description: 'Fastify 5, zod, Kysely on Postgres or PGlite, migrations, health, docs, metrics, errors, shutdown',
  when: () => true,
  dependencies: [
    '@electric-sql/pglite',
    '@fastify/compress',
    '@fastify/otel',
    '@fastify/rate-limit',
    '@fastify/swagger',
    '@fastify/swagger-ui',
    '@opentelemetry/api',
    '@opentelemetry/instrumentation',
    '@opentelemetry/instrumentation-http',
    '@opentelemetry/instrumentation-pg',
    '@opentelemetry/sdk-node',
    'close-with-grace',
    'fast-json-stringify',
    'fastify',
    'fastify-plugin',
    'fastify-type-provider-zod',
    'helmet',
    'kysely',
    'pg',
    'pino',
    'prom-client',
    'zod',
  ],
  devDependencies: [
    '@eslint/js',
    '@types/node',
    '@types/pg',
    'eslint',
    'pino-pretty',
    'prettier',
    'tsx',
    'typescript',
    'typescript-eslint',
    'vitest',
  ],
  scripts: {
    dev: {
      command: 'tsx watch src/main.ts',
      description: 'starts the service from source and restarts it on changes (tsx watch)',
    },
    build: {
      command:
        'node --eval "fs.rmSync(\'dist\', { recursive: true, force: true })" && tsc -p tsconfig.build.json && tsc -p tsconfig.migrations.json',
      description: 'compiles `src/` to `dist/` and `migrations/` to `dist/migrations/`',
    },
    start: { command: 'node dist/main.js', description: 'runs the build: `node dist/main.js`' },
    test: { command: 'vitest run', description: 'runs the tests once (vitest)' },
    typecheck: { command: 'tsc --noEmit', description: 'type-checks everything, tests included' },
    lint: { command: 'eslint .', description: 'ESLint' },
    format: { command: 'prettier --write .', description: 'formats every file with Prettier' },
    'format:check': { command: 'prettier --check .', description: 'checks that every file is formatted' },
    'db:migrate': { command: 'tsx src/scripts/db-migrate.ts', description: 'applies pending migrations' },
    'db:rollback': {
      command: 'tsx src/scripts/db-rollback.ts',
      description: 'reverts the last migration; with `-- --all`, every one of them',
    },
    'db:new': {
      command: 'tsx src/scripts/db-new.ts',
      arguments: '<name>',
      description: 'creates `migrations/<timestamp>_<name>.ts` with empty `up` and `down`',
    },
    'db:seed': {
      command: 'tsx src/scripts/db-seed.ts',
      description: 'inserts the development rows listed in `src/db/seed.ts` (refuses in production)',
    },
    openapi: {
      command: 'tsx src/scripts/openapi.ts',
      arguments: '[-- <file>]',
      description: 'writes the OpenAPI document to `openapi.json`',
    },
  },
  env,
  templates: 'base',
  contributes: {
    tables: [{ table: 'idempotency_keys', type: 'IdempotencyKeysTable', from: '../lib/idempotency-store.js' }],
  },
};
