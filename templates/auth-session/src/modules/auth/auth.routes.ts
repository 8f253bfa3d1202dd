import { SessionCookie } from '../../auth/session-cookie.js';
import { problemResponses } from '../../lib/problem-details.js';
import type { AppModule } from '../app-module.js';
import { loginSchema } from '../accounts/accounts.schemas.js';
import { userSchema } from '../users/users.schemas.js';
import { createLoginService } from './auth.service.js';

/**
 * POST /v1/auth/login: a new session, in a cookie. Sign-up, who-am-I and logout are the accounts, users and
 * sessions modules'. Login is rate limited far more strictly than other routes.
 */
export const authModule: AppModule = async (app, dependencies) => {
  const { config } = dependencies;
  const logins = createLoginService(dependencies);
  const sessionCookie = new SessionCookie(config);

  app.post(
    '/v1/auth/login',
    {
      config: {
        rateLimit: { max: config.LOGIN_RATE_LIMIT_MAX, timeWindow: config.LOGIN_RATE_LIMIT_WINDOW_MS },
        // No Idempotency-Key: the request carries a password and the answer a session cookie, never stored.
        idempotencyKey: false,
      },
      schema: {
        tags: ['auth'],
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
      const session = await logins.login(email, password, sessionCookie.read(request));
      sessionCookie.set(reply, session.token, { expires: session.expiresAt });
      return session.user;
    },
  );
};
