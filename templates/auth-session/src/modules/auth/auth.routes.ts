import { z } from 'zod';

import { SessionCookie } from '../../auth/session-cookie.js';
import { problemResponses } from '../../lib/problem-details.js';
import type { AppModule } from '../app-module.js';
import { loginSchema } from '../accounts/accounts.schemas.js';
import { userSchema } from '../users/users.schemas.js';
import { createSessionsService } from './auth.service.js';

/**
 * /v1/auth: log in (a new session, in a cookie) and log out (the session destroyed). Sign-up and who-am-I are
 * the users module's. Login is rate limited far more strictly than other routes.
 */
export const authModule: AppModule = async (app, { config, db }) => {
  const sessions = createSessionsService(config, db);
  const sessionCookie = new SessionCookie(config);
  const tags = ['auth'];

  app.post(
    '/v1/auth/login',
    {
      config: { rateLimit: { max: config.LOGIN_RATE_LIMIT_MAX, timeWindow: config.LOGIN_RATE_LIMIT_WINDOW_MS } },
      schema: {
        tags,
        summary: 'Log in: starts a session, in an HttpOnly cookie',
        body: loginSchema,
        response: {
          200: userSchema,
          400: problemResponses[400],
          401: problemResponses[401],
          403: problemResponses[403],
          429: problemResponses[429],
        },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const session = await sessions.login(email, password, sessionCookie.read(request));
      sessionCookie.set(reply, session.token, session.expiresAt);
      return session.user;
    },
  );

  app.post(
    '/v1/auth/logout',
    {
      schema: {
        tags,
        summary: 'Log out: destroys the session on the server, and clears the cookie',
        response: { 204: z.undefined().describe('Logged out: no content'), 403: problemResponses[403] },
      },
    },
    async (request, reply) => {
      const token = sessionCookie.read(request);
      if (token) await sessions.logout(token);
      sessionCookie.clear(reply);
      return reply.code(204).send();
    },
  );
};
