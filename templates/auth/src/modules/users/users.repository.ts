import type { ColumnType, Generated, Kysely, Selectable } from 'kysely';

import type { Role } from '../../auth/permissions.js';
import type { Database } from '../../db/schema.js';
import type { ListResult } from '../../lib/pagination.js';
import type { User } from './users.schemas.js';

/** The users table, as the migrations create it. */
export interface UsersTable {
  id: Generated<string>;
  email: string;
  password_hash: string | null;
  role: Generated<Role>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, never>;
}

/** A user and their password hash: for checking a login, never for a response. */
export interface UserCredentials {
  user: User;
  passwordHash: string | null;
}

function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export class UsersRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async list({ page, limit }: { page: number; limit: number }): Promise<ListResult<User>> {
    const [rows, { total }] = await Promise.all([
      this.db
        .selectFrom('users')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(limit)
        .offset((page - 1) * limit)
        .execute(),
      this.db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<string>().as('total'))
        .executeTakeFirstOrThrow(),
    ]);
    return { rows: rows.map(toUser), total: Number(total) };
  }

  async findById(id: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toUser(row);
  }

  /** `email` must already be lower-cased (emailSchema does it). */
  async findByEmail(email: string): Promise<User | undefined> {
    return (await this.findCredentials(email))?.user;
  }

  /** `email` must already be lower-cased (emailSchema does it). */
  async findCredentials(email: string): Promise<UserCredentials | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    return row && { user: toUser(row), passwordHash: row.password_hash };
  }

  async create(input: { email: string; passwordHash: string | null; role?: Role }): Promise<User> {
    const row = await this.db
      .insertInto('users')
      .values({ email: input.email, password_hash: input.passwordHash, role: input.role })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toUser(row);
  }

  async setRole(id: string, role: Role): Promise<User> {
    const row = await this.db
      .updateTable('users')
      .set({ role })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toUser(row);
  }
}
