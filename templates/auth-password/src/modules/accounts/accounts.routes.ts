import { problemResponses } from '../../lib/problem-details.js';
import type { AppModule } from '../app-module.js';
import { UsersRepository } from '../users/users.repository.js';
import { userSchema } from '../users/users.schemas.js';
import { credentialsSchema } from './accounts.schemas.js';
import { AccountsService } from './accounts.service.js';

/** Sign-up: POST /v1/auth/register, public, beside the auth style's login under /v1/auth. */
export const accountsModule: AppModule = async (app, { db }) => {
  const accounts = new AccountsService(new UsersRepository(db));

  app.post(
    '/v1/auth/register',
    {
      // No Idempotency-Key: the request carries a password, which is stored only as its slow hash. A second
      // sign-up with the same email is a 409 all the same.
      config: { idempotencyKey: false },
      schema: {
        tags: ['auth'],
        summary: 'Create an account (role: user)',
        body: credentialsSchema,
        response: { 201: userSchema, 400: problemResponses[400], 409: problemResponses[409] },
      },
    },
    async (request, reply) => {
      const user = await accounts.register(request.body.email, request.body.password);
      reply.code(201).header('location', `/v1/users/${user.id}`);
      return user;
    },
  );
};
