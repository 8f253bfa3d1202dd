import { z } from 'zod';

import { SessionCookie } from '../../auth/session-cookie.js';
import { problemResponses } from '../../lib/problem-details.js';
import type { AppModule } from '../app-module.js';
import { createSessionsService } from './sessions.service.js';

/** POST /v1/auth/logout: however the session began, it ends here, on the server. */
export const sessionsModule: AppModule = async (app, dependencies) => {
  const sessions = createSessionsService(dependencies);
  const sessionCookie = new SessionCookie(dependencies.config);

  app.post(
    '/v1/auth/logout',
    {
      config: { idempotencyKey: false }, // logging out twice is harmless; its cookie-clearing answer is not stored
      schema: {
        tags: ['auth'],
        summary: 'Log out: destroys the session on the server, and clears the cookie',
        response: { 204: z.undefined().describe('Logged out: no content'), 403: problemResponses[403] },
      },
    },
    async (request, reply) => {
      const token = sessionCookie.read(request);
      if (token) await sessions.end(token);
      sessionCookie.clear(reply);
      return reply.code(204).send();
    },
  );
};
