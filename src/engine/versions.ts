/**
 * Every dependency a generated service can have, pinned to one exact version. Versions are chosen so that
 * their `engines` admit Node 20.19, are tested together by the generated-project matrix, and are bumped on
 * purpose. Features name dependencies by these keys, so a typo fails to compile.
 */
export const versions = {
  // runtime
  '@elastic/elasticsearch': '9.4.3', // the last line whose engines admit Node 20 (9.5 needs Node 22)
  '@electric-sql/pglite': '0.5.16',
  '@node-rs/argon2': '2.2.1',
  '@fastify/compress': '9.2.0',
  '@fastify/cookie': '11.1.5',
  '@fastify/otel': '0.21.2',
  '@fastify/rate-limit': '11.2.0',
  '@fastify/swagger': '9.9.3',
  '@fastify/swagger-ui': '6.1.3',
  '@opentelemetry/api': '1.9.1',
  '@opentelemetry/instrumentation': '0.222.0',
  '@opentelemetry/instrumentation-http': '0.222.0',
  '@opentelemetry/instrumentation-pg': '0.74.0',
  '@opentelemetry/sdk-node': '0.222.0',
  bullmq: '6.7.0',
  'close-with-grace': '2.5.0',
  'fast-json-stringify': '7.3.10',
  fastify: '5.12.8',
  'fastify-plugin': '6.0.1',
  'fastify-type-provider-zod': '7.0.0',
  helmet: '8.3.0',
  ioredis: '6.0.0',
  jose: '6.2.18',
  kysely: '0.28.19',
  nodemailer: '10.6.1',
  'lru-cache': '11.5.3',
  'openid-client': '6.9.0',
  pg: '8.23.1',
  'pg-boss': '10.4.2', // the last line whose engines admit Node 20 (11 and 12 need Node 22)
  pino: '10.4.0',
  'prom-client': '15.1.3',
  zod: '4.6.7',
  // development
  '@eslint/js': '9.39.5',
  '@types/node': '20.19.43',
  '@types/oidc-provider': '9.12.1',
  '@types/pg': '8.23.1',
  eslint: '9.39.5',
  'oidc-provider': '9.13.3',
  'pino-pretty': '13.2.0',
  'smtp-server': '3.21.6',
  prettier: '3.10.1',
  tsx: '4.23.15',
  typescript: '5.9.3',
  'typescript-eslint': '8.73.0',
  vitest: '4.1.12',
} as const;

export type DependencyName = keyof typeof versions;
