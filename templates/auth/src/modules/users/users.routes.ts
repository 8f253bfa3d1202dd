import { currentUser } from '../../auth/access.js';
import { problemResponses } from '../../lib/problem-details.js';
import type { AppModule } from '../app-module.js';
import { UsersRepository } from './users.repository.js';
import { listUsersQuerySchema, userListSchema, userParamsSchema, userSchema } from './users.schemas.js';
import { UsersService } from './users.service.js';

/**
 * Who am I (GET /v1/auth/me, beside the auth style's own routes under /v1/auth), and /v1/users for
 * administrators (`users:read`, which only the admin role grants).
 */
export const usersModule: AppModule = async (app, { db }) => {
  const users = new UsersService(new UsersRepository(db));
  const tags = ['users'];

  app.get(
    '/v1/auth/me',
    {
      config: { permission: 'profile:read' },
      schema: {
        tags: ['auth'],
        summary: 'The user the request is authenticated as',
        response: { 200: userSchema, 401: problemResponses[401] },
      },
    },
    (request) => users.authenticated(currentUser(request).id),
  );

  app.get(
    '/v1/users',
    {
      config: { permission: 'users:read' },
      schema: {
        tags,
        summary: 'List users, newest first (admin)',
        querystring: listUsersQuerySchema,
        response: {
          200: userListSchema,
          400: problemResponses[400],
          401: problemResponses[401],
          403: problemResponses[403],
        },
      },
    },
    (request) => users.list(request.query),
  );

  app.get(
    '/v1/users/:id',
    {
      config: { permission: 'users:read' },
      schema: {
        tags,
        summary: 'Get a user (admin)',
        params: userParamsSchema,
        response: {
          200: userSchema,
          400: problemResponses[400],
          401: problemResponses[401],
          403: problemResponses[403],
          404: problemResponses[404],
        },
      },
    },
    (request) => users.get(request.params.id),
  );
};
