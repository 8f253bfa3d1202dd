import type { Options } from '../../options/schema.js';
import { type Feature, sameEverywhere } from '../types.js';

/**
 * What buildApp hands the authentication plugin of a style with sessions. Sessions are read through the cache only
 * when every instance shares it (Redis; the templates ask `features.cacheRedis`): a copy in one process's memory would
 * keep a session that another instance ended alive on this one until the copy expired.
 */
export function sessionPluginOptions(options: Options): string {
  return options.cache === 'redis' ? '{ config, db: database.db, cache }' : '{ config, db: database.db }';
}

/**
 * Server-side sessions in Postgres behind a signed, HttpOnly cookie, with idle and absolute expiry, logout, and
 * the Origin check against cross-site request forgery: what the session and oidc styles share. Each style adds
 * how a user proves who they are before a session starts (a password, or the identity provider).
 */
export const sessionStoreFeature: Feature = {
  id: 'session-store',
  description: 'Server-side sessions (Postgres) in a signed HttpOnly cookie, logout, idle/absolute expiry, CSRF checks',
  requires: ['auth'],
  when: (options) => options.auth === 'session' || options.auth === 'oidc',
  dependencies: ['@fastify/cookie'],
  devDependencies: [],
  env: [
    {
      name: 'SESSION_SECRET',
      description: 'the key that signs the session cookie: at least 32 characters, random',
      schema: 'z.string().min(32)',
      defaults: { test: 'test-only-session-secret-do-not-use-elsewhere' },
      secret: true,
    },
    {
      name: 'SESSION_IDLE_MINUTES',
      description: 'a session ends after this many minutes without a request',
      schema: 'z.coerce.number().int().positive()',
      defaults: sameEverywhere('30'),
    },
    {
      name: 'SESSION_MAX_HOURS',
      description: 'a session ends this many hours after login, however active',
      schema: 'z.coerce.number().int().positive()',
      defaults: sameEverywhere('24'),
    },
  ],
  templates: 'session-store',
  contributes: {
    modules: [{ name: 'sessionsModule', from: './sessions/sessions.routes.js' }],
    tables: [{ table: 'sessions', type: 'SessionsTable', from: '../modules/sessions/sessions.repository.js' }],
  },
};
