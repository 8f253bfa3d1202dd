import type { Kysely } from 'kysely';

import { type AuthenticatedUser, authenticatedUser } from '../../auth/access.js';
import { hashRandomToken, newRandomToken } from '../../auth/random-tokens.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/schema.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { UsersRepository } from '../users/users.repository.js';
import type { User } from '../users/users.schemas.js';
import { SessionsRepository } from './sessions.repository.js';

const minute = 60 * 1000;
const hour = 60 * minute;

export interface NewSession {
  user: User;
  /** The secret the cookie carries. */
  token: string;
  expiresAt: Date;
}

/** Logging in and out with server-side sessions, and finding the session a token belongs to. Knows no HTTP. */
export class SessionsService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly sessions: SessionsRepository,
    private readonly limits: { idleMinutes: number; maxHours: number },
  ) {}

  /**
   * A new session for these credentials (the generic 401 when they are wrong). The session the client had
   * before, if any, is destroyed: a new id at every login, so an id planted before login (session fixation) is
   * worth nothing after it.
   */
  async login(email: string, password: string, previousToken?: string): Promise<NewSession> {
    const user = await this.accounts.verifyCredentials(email, password);
    if (previousToken) await this.sessions.deleteByHash(hashRandomToken(previousToken));
    await this.sessions.deleteExpired(user.id);
    const token = newRandomToken();
    const expiresAt = new Date(Date.now() + this.limits.maxHours * hour);
    await this.sessions.create({ tokenHash: hashRandomToken(token), userId: user.id, expiresAt });
    return { user, token, expiresAt };
  }

  /** The user of a live session; null for an unknown, expired or idle one (which is deleted on the way). */
  async authenticate(token: string): Promise<AuthenticatedUser | null> {
    const session = await this.sessions.findByHash(hashRandomToken(token));
    if (!session) return null;
    const now = Date.now();
    if (session.expiresAt.getTime() <= now || session.lastSeenAt.getTime() + this.limits.idleMinutes * minute <= now) {
      await this.sessions.delete(session.id);
      return null;
    }
    // Recording activity at most once a minute keeps most requests free of a write.
    if (now - session.lastSeenAt.getTime() > minute) await this.sessions.touch(session.id);
    return authenticatedUser(session.userId, session.role);
  }

  /** Destroys the session server-side: its cookie, wherever a copy of it is, no longer works. */
  async logout(token: string): Promise<void> {
    await this.sessions.deleteByHash(hashRandomToken(token));
  }
}

/** The sessions service over this database, with the configured limits: what the auth plugin and routes share. */
export function createSessionsService(config: Config, db: Kysely<Database>): SessionsService {
  return new SessionsService(new AccountsService(new UsersRepository(db)), new SessionsRepository(db), {
    idleMinutes: config.SESSION_IDLE_MINUTES,
    maxHours: config.SESSION_MAX_HOURS,
  });
}
