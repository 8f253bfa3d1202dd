import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

import type { Config } from '../config.js';

/**
 * A cookie this service signs (with SESSION_SECRET), so that a value the browser changed is ignored: HttpOnly
 * (no script can read it), SameSite=Lax (not sent with cross-site form posts or fetches, but sent when another
 * site links or redirects here), and in production Secure with the `__Host-` prefix, which browsers accept only
 * over HTTPS, for this host alone (no Domain) and the whole site (Path=/).
 */
export class SignedCookie {
  readonly name: string;
  private readonly options: CookieSerializeOptions;

  constructor(config: Config, name: string) {
    const production = config.NODE_ENV === 'production';
    this.name = production ? `__Host-${name}` : name;
    this.options = { httpOnly: true, secure: production, sameSite: 'lax', path: '/', signed: true };
  }

  /** The value the request carries, if the cookie is there and its signature holds. */
  read(request: FastifyRequest): string | undefined {
    const cookie = request.cookies[this.name];
    if (!cookie) return undefined;
    const { valid, value } = request.unsignCookie(cookie);
    return valid && value ? value : undefined;
  }

  set(reply: FastifyReply, value: string, lifetime: { expires: Date } | { maxAge: number }): void {
    reply.setCookie(this.name, value, { ...this.options, ...lifetime });
  }

  clear(reply: FastifyReply): void {
    reply.clearCookie(this.name, this.options);
  }
}

/** The session cookie, `sid` (`__Host-sid` in production): it carries the session's token. */
export class SessionCookie extends SignedCookie {
  constructor(config: Config) {
    super(config, 'sid');
  }
}
