import type { IdempotencyKeysTable } from '../lib/idempotency-store.js';
import type { UsersTable } from '../modules/users/users.repository.js';
import type { SessionsTable } from '../modules/sessions/sessions.repository.js';
import type { UserIdentitiesTable } from '../modules/identities/identities.repository.js';
import type { NotesTable } from '../modules/notes/notes.repository.js';

/**
 * The tables Kysely knows about: one property per table, named as in SQL (snake_case, plural), whose type
 * describes the row. Keep it in step with the migrations.
 */
export interface Database {
  idempotency_keys: IdempotencyKeysTable;
  users: UsersTable;
  sessions: SessionsTable;
  user_identities: UserIdentitiesTable;
  notes: NotesTable;
}
