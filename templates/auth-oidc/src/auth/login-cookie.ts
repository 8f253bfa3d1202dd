import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

import type { Config } from '../config.js';
import type { LoginChecks } from './oidc-client.js';

const pendingLoginSchema = z.object({
  state: z.string().min(1),
  nonce: z.string().min(1),
  codeVerifier: z.string().min(1),
  returnTo: z.string().startsWith('/'),
});

/** A login on its way through the identity provider: the checks its return must pass, and where it goes then. */
export type PendingLogin = LoginChecks & { returnTo: string };

const tenMinutes = 10 * 60;

/**
 * The cookie that carries a pending login from GET /v1/auth/login to the callback: signed (so the browser cannot
 * change it), HttpOnly, SameSite=Lax (so it comes back with the provider's top-level redirect), gone after ten
 * minutes, and `__Host-` and Secure in production like the session cookie. It ties the callback to the browser
 * that started the login: a code and state sent to another browser fail there.
 */
export class LoginCookie {
  readonly name: string;
  private readonly options: CookieSerializeOptions;

  constructor(config: Config) {
    const production = config.NODE_ENV === 'production';
    this.name = production ? '__Host-login' : 'login';
    this.options = { httpOnly: true, secure: production, sameSite: 'lax', path: '/', signed: true };
  }

  read(request: FastifyRequest): PendingLogin | undefined {
    const cookie = request.cookies[this.name];
    if (!cookie) return undefined;
    const { valid, value } = request.unsignCookie(cookie);
    if (!valid || !value) return undefined;
    try {
      const parsed = pendingLoginSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString()));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  set(reply: FastifyReply, login: PendingLogin): void {
    const value = Buffer.from(JSON.stringify(login)).toString('base64url');
    reply.setCookie(this.name, value, { ...this.options, maxAge: tenMinutes });
  }

  clear(reply: FastifyReply): void {
    reply.clearCookie(this.name, this.options);
  }
}
