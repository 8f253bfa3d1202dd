import type { ColumnType, Generated, Kysely } from 'kysely';

import type { Database } from '../../db/schema.js';

/** The user_identities table, as the migrations create it. */
export interface UserIdentitiesTable {
  id: Generated<string>;
  user_id: string;
  issuer: string;
  subject: string;
  created_at: ColumnType<Date, never, never>;
}

/** Which user an identity at the provider (issuer and subject) belongs to. */
export class IdentitiesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async findUserId(issuer: string, subject: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('user_identities')
      .select('user_id')
      .where('issuer', '=', issuer)
      .where('subject', '=', subject)
      .executeTakeFirst();
    return row?.user_id;
  }

  /** Whether the user is already linked to an identity at this provider (a different one than asked about). */
  async isLinked(userId: string, issuer: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('user_identities')
      .select('id')
      .where('user_id', '=', userId)
      .where('issuer', '=', issuer)
      .executeTakeFirst();
    return row !== undefined;
  }

  async link(userId: string, issuer: string, subject: string): Promise<void> {
    await this.db.insertInto('user_identities').values({ user_id: userId, issuer, subject }).execute();
  }
}
