import { z } from 'zod';

import { AccessTokens } from '../../auth/tokens.js';
import { problemResponses } from '../../lib/problem-details.js';
import type { AppModule } from '../app-module.js';
import { UsersRepository } from '../users/users.repository.js';
import { UsersService } from '../users/users.service.js';
import { loginSchema } from '../accounts/accounts.schemas.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { refreshSchema, tokensSchema } from './auth.schemas.js';
import { AuthService } from './auth.service.js';
import { RefreshTokensRepository } from './refresh-tokens.repository.js';

/**
 * /v1/auth: log in (an access token and a refresh token), refresh (rotation) and log out (revocation). Sign-up
 * and who-am-I are the users module's. Login and refresh are rate limited far more strictly than other routes.
 */
export const authModule: AppModule = async (app, { config, db }) => {
  const usersRepository = new UsersRepository(db);
  const auth = new AuthService(
    new AccountsService(usersRepository),
    new UsersService(usersRepository),
    new RefreshTokensRepository(db),
    new AccessTokens(config),
    { accessTokenSeconds: config.ACCESS_TOKEN_TTL_SECONDS, refreshTokenDays: config.REFRESH_TOKEN_TTL_DAYS },
    app.log,
  );
  const tags = ['auth'];
  const strictRateLimit = { max: config.LOGIN_RATE_LIMIT_MAX, timeWindow: config.LOGIN_RATE_LIMIT_WINDOW_MS };
  // No Idempotency-Key here: these requests carry credentials and their answers tokens, which are never stored.
  const routeConfig = { rateLimit: strictRateLimit, idempotencyKey: false } as const;

  app.post(
    '/v1/auth/login',
    {
      config: routeConfig,
      schema: {
        tags,
        summary: 'Log in: an access token and a refresh token',
        body: loginSchema,
        response: {
          200: tokensSchema,
          400: problemResponses[400],
          401: problemResponses[401],
          429: problemResponses[429],
        },
      },
    },
    (request) => auth.login(request.body.email, request.body.password),
  );

  app.post(
    '/v1/auth/refresh',
    {
      config: routeConfig,
      schema: {
        tags,
        summary: 'Trade a refresh token for new tokens; the old refresh token stops working',
        body: refreshSchema,
        response: {
          200: tokensSchema,
          400: problemResponses[400],
          401: problemResponses[401],
          429: problemResponses[429],
        },
      },
    },
    (request) => auth.refresh(request.body.refreshToken),
  );

  app.post(
    '/v1/auth/logout',
    {
      config: { idempotencyKey: false },
      schema: {
        tags,
        summary: 'Log out: revoke the refresh token, and every token rotated from the same login',
        body: refreshSchema,
        response: { 204: z.undefined().describe('Logged out: no content'), 400: problemResponses[400] },
      },
    },
    async (request, reply) => {
      await auth.logout(request.body.refreshToken);
      return reply.code(204).send();
    },
  );
};
