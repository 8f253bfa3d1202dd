import type { ColumnType, Generated, Kysely } from 'kysely';

import type { Role } from '../../auth/permissions.js';
import type { Database } from '../../db/schema.js';

/** The sessions table, as the migrations create it. */
export interface SessionsTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  last_seen_at: Generated<Date>;
  expires_at: Date;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, never>;
}

/** A session with what its user is now: the role is read with it on every request, so a change applies at once. */
export interface ActiveSession {
  id: string;
  userId: string;
  role: Role;
  lastSeenAt: Date;
  expiresAt: Date;
}

/** Sessions by the hash of their token: the tokens themselves are never stored. */
export class SessionsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(session: { tokenHash: string; userId: string; expiresAt: Date }): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({ token_hash: session.tokenHash, user_id: session.userId, expires_at: session.expiresAt })
      .execute();
  }

  async findByHash(tokenHash: string): Promise<ActiveSession | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['sessions.id', 'sessions.user_id', 'users.role', 'sessions.last_seen_at', 'sessions.expires_at'])
      .where('sessions.token_hash', '=', tokenHash)
      .executeTakeFirst();
    return (
      row && {
        id: row.id,
        userId: row.user_id,
        role: row.role,
        lastSeenAt: row.last_seen_at,
        expiresAt: row.expires_at,
      }
    );
  }

  async touch(id: string): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: new Date() }).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  /** Deletes a user's expired sessions: done at each login, so the table does not grow without end. */
  async deleteExpired(userId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).where('expires_at', '<', new Date()).execute();
  }

  async deleteByHash(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  }
}
