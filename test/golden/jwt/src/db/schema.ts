import type { IdempotencyKeysTable } from '../lib/idempotency-store.js';
import type { UsersTable } from '../modules/users/users.repository.js';
import type { RefreshTokensTable } from '../modules/auth/refresh-tokens.repository.js';
import type { NotesTable } from '../modules/notes/notes.repository.js';
import type { AnnotationsTable } from '../modules/annotations/annotations.repository.js';

/**
 * The tables Kysely knows about: one property per table, named as in SQL (snake_case, plural), whose type
 * describes the row. Keep it in step with the migrations.
 */
export interface Database {
  idempotency_keys: IdempotencyKeysTable;
  users: UsersTable;
  refresh_tokens: RefreshTokensTable;
  notes: NotesTable;
  annotations: AnnotationsTable;
}
