import { type Feature, sameEverywhere } from '../types.js';

/** Server-side sessions in Postgres, behind a signed, HttpOnly cookie, with an Origin check against CSRF. */
export const authSessionFeature: Feature = {
  id: 'auth-session',
  description: 'Server-side sessions (Postgres) in a signed HttpOnly cookie, rotated at login, with CSRF origin checks',
  provides: { auth: 'session' },
  requires: ['auth', 'auth-password'],
  when: (options) => options.auth === 'session',
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
  templates: 'auth-session',
  contributes: {
    plugins: [
      {
        name: 'authentication',
        from: './plugins/authentication.js',
        options: '{ config, db: database.db }',
        comment: 'who is calling (a session cookie), and may they: 401/403; cross-site writes refused',
      },
    ],
    modules: [{ name: 'authModule', from: './auth/auth.routes.js' }],
    tables: [{ table: 'sessions', type: 'SessionsTable', from: '../modules/auth/sessions.repository.js' }],
  },
};
