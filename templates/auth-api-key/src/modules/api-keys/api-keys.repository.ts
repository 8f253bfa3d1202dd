import { type ColumnType, type Generated, type Kysely, type Selectable, sql } from 'kysely';

import { type Permission, permissions, type Role } from '../../auth/permissions.js';
import type { Database } from '../../db/schema.js';
import type { ListResult } from '../../lib/pagination.js';
import type { ApiKey } from './api-keys.schemas.js';

/** The api_keys table, as the migrations create it. */
export interface ApiKeysTable {
  id: Generated<string>;
  user_id: string;
  created_by_key_id: string | null;
  name: string;
  prefix: string;
  key_hash: string;
  /** Permission names; one removed from src/auth/permissions.ts since (with its resource, say) may linger. */
  scopes: string[];
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, never>;
}

/** A key as stored, with its owner's role: what checking a presented key needs. */
export interface StoredApiKey {
  id: string;
  userId: string;
  role: Role;
  keyHash: string;
  scopes: Permission[];
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** The scopes that are permissions still: one that no longer exists grants nothing, and is not shown. */
function currentScopes(scopes: readonly string[]): Permission[] {
  return scopes.filter((scope): scope is Permission => (permissions as readonly string[]).includes(scope));
}

function toApiKey(row: Selectable<ApiKeysTable>): ApiKey {
  return {
    id: row.id,
    ownerId: row.user_id,
    name: row.name,
    prefix: row.prefix,
    scopes: currentScopes(row.scopes),
    expiresAt: row.expires_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

export class ApiKeysRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(key: {
    userId: string;
    createdByKeyId: string | null;
    name: string;
    prefix: string;
    keyHash: string;
    scopes: Permission[];
    expiresAt: Date | null;
  }): Promise<ApiKey> {
    const row = await this.db
      .insertInto('api_keys')
      .values({
        user_id: key.userId,
        created_by_key_id: key.createdByKeyId,
        name: key.name,
        prefix: key.prefix,
        key_hash: key.keyHash,
        scopes: key.scopes,
        expires_at: key.expiresAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toApiKey(row);
  }

  async list({ page, limit }: { page: number; limit: number }): Promise<ListResult<ApiKey>> {
    const [rows, { total }] = await Promise.all([
      this.db
        .selectFrom('api_keys')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(limit)
        .offset((page - 1) * limit)
        .execute(),
      this.db
        .selectFrom('api_keys')
        .select((eb) => eb.fn.countAll<string>().as('total'))
        .executeTakeFirstOrThrow(),
    ]);
    return { rows: rows.map(toApiKey), total: Number(total) };
  }

  async findByPrefix(prefix: string): Promise<StoredApiKey | undefined> {
    const row = await this.db
      .selectFrom('api_keys')
      .innerJoin('users', 'users.id', 'api_keys.user_id')
      .select([
        'api_keys.id',
        'api_keys.user_id',
        'users.role',
        'api_keys.key_hash',
        'api_keys.scopes',
        'api_keys.expires_at',
        'api_keys.last_used_at',
        'api_keys.revoked_at',
      ])
      .where('api_keys.prefix', '=', prefix)
      .executeTakeFirst();
    return (
      row && {
        id: row.id,
        userId: row.user_id,
        role: row.role,
        keyHash: row.key_hash,
        scopes: currentScopes(row.scopes),
        expiresAt: row.expires_at,
        lastUsedAt: row.last_used_at,
        revokedAt: row.revoked_at,
      }
    );
  }

  /** Records a use, unless one was recorded in the last minute (so that concurrent requests write once). */
  async touch(id: string): Promise<void> {
    await this.db
      .updateTable('api_keys')
      .set({ last_used_at: new Date() })
      .where('id', '=', id)
      .where((eb) =>
        eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`)]),
      )
      .execute();
  }

  /**
   * Revokes a key that is not revoked yet, and every key created with it, and with those, and so on: a key
   * never outlives the key that made it. False when there is no such live key.
   */
  async revoke(id: string): Promise<boolean> {
    const { rows } = await sql<{ id: string }>`
      WITH RECURSIVE made_by(id) AS (
        SELECT id FROM api_keys WHERE id = ${id} AND revoked_at IS NULL
        UNION
        SELECT api_keys.id FROM api_keys JOIN made_by ON api_keys.created_by_key_id = made_by.id
      )
      UPDATE api_keys SET revoked_at = now()
      WHERE id IN (SELECT id FROM made_by) AND revoked_at IS NULL
      RETURNING id
    `.execute(this.db);
    return rows.some((row) => row.id === id);
  }
}
