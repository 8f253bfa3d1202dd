import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

import type { Config } from '../config.js';
import type { LoginChecks } from './oidc-client.js';
import { SignedCookie } from './session-cookie.js';

const pendingLoginSchema = z.object({
  state: z.string().min(1),
  nonce: z.string().min(1),
  codeVerifier: z.string().min(1),
  returnTo: z.string().startsWith('/'),
});

/** A login on its way through the identity provider: the checks its return must pass, and where it goes then. */
export type PendingLogin = LoginChecks & { returnTo: string };

/**
 * The cookie that carries a pending login from GET /v1/auth/login to the callback, for ten minutes: `login`
 * (`__Host-login` in production), signed and HttpOnly like the session cookie, and SameSite=Lax so that it comes
 * back with the provider's redirect. It ties the callback to the browser that started the login: a code and
 * state sent to another browser fail there.
 */
export class LoginCookie {
  private readonly cookie: SignedCookie;

  constructor(config: Config) {
    this.cookie = new SignedCookie(config, 'login');
  }

  read(request: FastifyRequest): PendingLogin | undefined {
    const value = this.cookie.read(request);
    if (!value) return undefined;
    try {
      const parsed = pendingLoginSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString()));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined; // not JSON: not a cookie this service wrote
    }
  }

  set(reply: FastifyReply, login: PendingLogin): void {
    this.cookie.set(reply, Buffer.from(JSON.stringify(login)).toString('base64url'), { maxAge: 10 * 60 });
  }

  clear(reply: FastifyReply): void {
    this.cookie.clear(reply);
  }
}
