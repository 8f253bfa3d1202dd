import type { ColumnType, Generated, Kysely } from 'kysely';

import type { Database } from '../../db/schema.js';

/** The refresh_tokens table, as the migrations create it. */
export interface RefreshTokensTable {
  id: Generated<string>;
  user_id: string;
  family_id: string;
  token_hash: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, never>;
}

export interface StoredRefreshToken {
  id: string;
  userId: string;
  familyId: string;
  expiresAt: Date;
  usedAt: Date | null;
  /** When its family was revoked, if it was. */
  revokedAt: Date | null;
}

/** Refresh tokens by their hash: the tokens themselves are never stored. */
export class RefreshTokensRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(token: { userId: string; familyId: string; tokenHash: string; expiresAt: Date }): Promise<void> {
    await this.db
      .insertInto('refresh_tokens')
      .values({
        user_id: token.userId,
        family_id: token.familyId,
        token_hash: token.tokenHash,
        expires_at: token.expiresAt,
      })
      .execute();
  }

  /**
   * The token with this hash. It counts as revoked when any token of its family is: a token rotated from a
   * family just as the family was revoked (two requests racing) is then dead on arrival, whichever wrote first.
   */
  async findByHash(tokenHash: string): Promise<StoredRefreshToken | undefined> {
    const row = await this.db
      .selectFrom('refresh_tokens as token')
      .select(['token.id', 'token.user_id', 'token.family_id', 'token.expires_at', 'token.used_at'])
      .select((eb) =>
        eb
          .selectFrom('refresh_tokens as sibling')
          .select((sibling) => sibling.fn.max('sibling.revoked_at').as('revoked_at'))
          .whereRef('sibling.family_id', '=', 'token.family_id')
          .as('revoked_at'),
      )
      .where('token.token_hash', '=', tokenHash)
      .executeTakeFirst();
    return (
      row && {
        id: row.id,
        userId: row.user_id,
        familyId: row.family_id,
        expiresAt: row.expires_at,
        usedAt: row.used_at,
        revokedAt: row.revoked_at,
      }
    );
  }

  /**
   * Marks a token used, if nobody has used it yet: true for the one caller that wins, false for any other.
   * The check and the write are one statement, so two requests racing with the same token cannot both win.
   */
  async markUsed(id: string): Promise<boolean> {
    const result = await this.db
      .updateTable('refresh_tokens')
      .set({ used_at: new Date() })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Deletes a user's expired tokens: done at each login, so the table does not grow without end. */
  async deleteExpired(userId: string): Promise<void> {
    await this.db
      .deleteFrom('refresh_tokens')
      .where('user_id', '=', userId)
      .where('expires_at', '<', new Date())
      .execute();
  }

  /** Revokes every token of a family: the whole chain that one login started. */
  async revokeFamily(familyId: string): Promise<void> {
    await this.db
      .updateTable('refresh_tokens')
      .set({ revoked_at: new Date() })
      .where('family_id', '=', familyId)
      .where('revoked_at', 'is', null)
      .execute();
  }
}
