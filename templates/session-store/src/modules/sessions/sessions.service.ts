import type { Kysely } from 'kysely';

import { type AuthenticatedUser, authenticatedUser } from '../../auth/access.js';
import { hashRandomToken, newRandomToken } from '../../auth/random-tokens.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/schema.js';
import { SessionsRepository } from './sessions.repository.js';

const minute = 60 * 1000;
const hour = 60 * minute;

export interface NewSession {
  /** The secret the cookie carries; the table holds only its hash. */
  token: string;
  expiresAt: Date;
}

/**
 * Server-side sessions: started once a user has proved who they are (however the auth style checks that),
 * found again by the token in the cookie, and ended. Knows no HTTP.
 */
export class SessionsService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly limits: { idleMinutes: number; maxHours: number },
  ) {}

  /**
   * A new session for a user who has just logged in. The session the client had before, if any, is destroyed:
   * a new id at every login, so an id planted before login (session fixation) is worth nothing after it.
   */
  async start(userId: string, previousToken?: string): Promise<NewSession> {
    if (previousToken) await this.sessions.deleteByHash(hashRandomToken(previousToken));
    await this.sessions.deleteExpired(userId);
    const token = newRandomToken();
    const expiresAt = new Date(Date.now() + this.limits.maxHours * hour);
    await this.sessions.create({ tokenHash: hashRandomToken(token), userId, expiresAt });
    return { token, expiresAt };
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
  async end(token: string): Promise<void> {
    await this.sessions.deleteByHash(hashRandomToken(token));
  }
}

/** The sessions service over this database, with the configured limits. */
export function createSessionsService(config: Config, db: Kysely<Database>): SessionsService {
  return new SessionsService(new SessionsRepository(db), {
    idleMinutes: config.SESSION_IDLE_MINUTES,
    maxHours: config.SESSION_MAX_HOURS,
  });
}
