import type { IdempotencyKeysTable } from '../lib/idempotency-store.js';
import type { ArticlesTable } from '../modules/articles/articles.repository.js';
import type { CommentsTable } from '../modules/comments/comments.repository.js';

/**
 * The tables Kysely knows about: one property per table, named as in SQL (snake_case, plural), whose type
 * describes the row. Keep it in step with the migrations.
 */
export interface Database {
  idempotency_keys: IdempotencyKeysTable;
  articles: ArticlesTable;
  comments: CommentsTable;
}
