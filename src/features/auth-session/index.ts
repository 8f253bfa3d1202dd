import { sessionPluginOptions } from '../session-store/index.js';
import type { Feature } from '../types.js';

/** Logging in with an email and a password into a server-side session (the session store is its own feature). */
export const authSessionFeature: Feature = {
  id: 'auth-session',
  description: 'Password login into a server-side session, rotated at login',
  provides: { auth: 'session' },
  requires: ['auth', 'auth-password', 'session-store'],
  when: (options) => options.auth === 'session',
  dependencies: [],
  devDependencies: [],
  env: [],
  templates: 'auth-session',
  contributes: {
    plugins: [
      {
        name: 'authentication',
        from: './plugins/authentication.js',
        options: sessionPluginOptions,
        comment: 'who is calling (a session cookie), and may they: 401/403; cross-site writes refused',
      },
    ],
    modules: [{ name: 'authModule', from: './auth/auth.routes.js' }],
  },
};
