import { z } from 'zod';

import { currentUser } from '../../auth/access.js';
import { problemResponses } from '../../lib/problem-details.js';
import type { AppModule } from '../app-module.js';
import { ApiKeysRepository } from './api-keys.repository.js';
import {
  apiKeyListSchema,
  apiKeyParamsSchema,
  createApiKeySchema,
  listApiKeysQuerySchema,
  newApiKeySchema,
} from './api-keys.schemas.js';
import { ApiKeysService } from './api-keys.service.js';

/** /v1/api-keys: create (the key is in the answer, once), list and revoke API keys (`api-keys:manage`). */
export const apiKeysModule: AppModule = async (app, { db }) => {
  const keys = new ApiKeysService(new ApiKeysRepository(db));
  const tags = ['api-keys'];
  const config = { permission: 'api-keys:manage' } as const;

  app.post(
    '/v1/api-keys',
    {
      // No Idempotency-Key: the answer holds the new key, which is never stored.
      config: { ...config, idempotencyKey: false },
      schema: {
        tags,
        summary: 'Create an API key: the answer holds the key, which is never shown again',
        body: createApiKeySchema,
        response: {
          201: newApiKeySchema,
          400: problemResponses[400],
          401: problemResponses[401],
          403: problemResponses[403],
        },
      },
    },
    async (request, reply) => {
      const created = await keys.create(currentUser(request), request.body);
      reply.code(201).header('location', `/v1/api-keys/${created.id}`);
      return created;
    },
  );

  app.get(
    '/v1/api-keys',
    {
      config,
      schema: {
        tags,
        summary: 'List API keys, newest first (never the keys themselves)',
        querystring: listApiKeysQuerySchema,
        response: {
          200: apiKeyListSchema,
          400: problemResponses[400],
          401: problemResponses[401],
          403: problemResponses[403],
        },
      },
    },
    (request) => keys.list(request.query),
  );

  app.delete(
    '/v1/api-keys/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Revoke an API key, at once',
        params: apiKeyParamsSchema,
        response: {
          204: z.undefined().describe('Revoked: no content'),
          400: problemResponses[400],
          401: problemResponses[401],
          403: problemResponses[403],
          404: problemResponses[404],
        },
      },
    },
    async (request, reply) => {
      await keys.revoke(request.params.id);
      return reply.code(204).send();
    },
  );
};
