import { z } from 'zod';

import { LoginCookie } from '../../auth/login-cookie.js';
import { SessionCookie } from '../../auth/session-cookie.js';
import { NotAuthenticatedError, UnavailableError } from '../../lib/errors.js';
import { problemResponse, problemResponses } from '../../lib/problem-details.js';
import type { AppModule } from '../app-module.js';
import { IdentitiesRepository } from '../identities/identities.repository.js';
import { IdentitiesService } from '../identities/identities.service.js';
import { createSessionsService } from '../sessions/sessions.service.js';
import { UsersRepository } from '../users/users.repository.js';

// A path on this service, never another site (`//evil.example` is a URL without a scheme): no open redirect.
const localPath = z
  .string()
  .regex(/^\/(?![/\\])/, 'must be a path on this service, starting with a single /')
  .max(2048);

const providerUnavailable = problemResponse('The identity provider cannot be reached');

const redirect = (description: string) =>
  z.undefined().describe(`${description}: no content, the Location header says where`);

/**
 * Single sign-on (OpenID Connect): GET /v1/auth/login sends the browser to the identity provider, which sends
 * it back to GET /v1/auth/callback; a session starts there, in the same cookie as the session style's. Logout
 * and who-am-I are the sessions and users modules'.
 */
export const authModule: AppModule = async (app, dependencies) => {
  const { config, db } = dependencies;
  const { oidcClient } = app; // made by the authentication plugin
  const identities = new IdentitiesService(new IdentitiesRepository(db), new UsersRepository(db));
  const sessions = createSessionsService(dependencies);
  const sessionCookie = new SessionCookie(config);
  const loginCookie = new LoginCookie(config);
  const tags = ['auth'];

  app.get(
    '/v1/auth/login',
    {
      schema: {
        tags,
        summary: 'Log in: redirects the browser to the identity provider',
        description: 'Open it in the browser (not with "Try it out"); it comes back logged in, at `returnTo`.',
        querystring: z.object({ returnTo: localPath.default('/v1/auth/me') }),
        response: { 302: redirect('To the identity provider'), 400: problemResponses[400], 503: providerUnavailable },
      },
    },
    async (request, reply) => {
      const { url, checks } = await oidcClient.startLogin();
      loginCookie.set(reply, { ...checks, returnTo: request.query.returnTo });
      return reply.redirect(url.href, 302);
    },
  );

  app.get(
    '/v1/auth/callback',
    {
      schema: {
        tags,
        summary: 'Where the identity provider sends the browser back: starts a session',
        response: { 303: redirect('Logged in, to `returnTo`'), 401: problemResponses[401], 503: providerUnavailable },
      },
    },
    async (request, reply) => {
      const pending = loginCookie.read(request);
      loginCookie.clear(reply);
      if (!pending) throw new NotAuthenticatedError('No login in progress in this browser: start at /v1/auth/login');
      // The callback's query string as the provider sent it: code and state, or error.
      const { search } = new URL(request.url, config.OIDC_REDIRECT_URL);
      const identity = await oidcClient.finishLogin(search, pending).catch((error: unknown) => {
        if (error instanceof UnavailableError) throw error; // the provider cannot be reached: 503
        // A cancelled login, a replayed or forged callback (state, nonce or PKCE check failed), an expired code:
        // all the same 401 to the browser; the log says which.
        request.log.warn({ err: error }, 'OpenID login failed');
        throw new NotAuthenticatedError('The login at the identity provider did not succeed');
      });
      const user = await identities.userFor(identity);
      const session = await sessions.start(user.id, sessionCookie.read(request));
      sessionCookie.set(reply, session.token, { expires: session.expiresAt });
      return reply.redirect(pending.returnTo, 303);
    },
  );
};
