import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

import type { Config } from '../config.js';

/**
 * The session cookie: HttpOnly (no script can read it), SameSite=Lax (not sent with cross-site form posts or
 * fetches), signed with SESSION_SECRET, and in production Secure with the `__Host-` prefix, which browsers
 * accept only over HTTPS, for this host alone (no Domain) and the whole site (Path=/).
 */
export class SessionCookie {
  readonly name: string;
  private readonly options: CookieSerializeOptions;

  constructor(config: Config) {
    const production = config.NODE_ENV === 'production';
    this.name = production ? '__Host-sid' : 'sid';
    this.options = { httpOnly: true, secure: production, sameSite: 'lax', path: '/', signed: true };
  }

  /** The session token the request carries, if its cookie is there and its signature holds. */
  read(request: FastifyRequest): string | undefined {
    const cookie = request.cookies[this.name];
    if (!cookie) return undefined;
    const { valid, value } = request.unsignCookie(cookie);
    return valid && value ? value : undefined;
  }

  set(reply: FastifyReply, token: string, expires: Date): void {
    reply.setCookie(this.name, token, { ...this.options, expires });
  }

  clear(reply: FastifyReply): void {
    reply.clearCookie(this.name, this.options);
  }
}
