import type { IdempotencyKeysTable } from '../lib/idempotency-store.js';
import type { ProjectsTable } from '../modules/projects/projects.repository.js';
import type { TasksTable } from '../modules/tasks/tasks.repository.js';
import type { CommentsTable } from '../modules/comments/comments.repository.js';
import type { WidgetsTable } from '../modules/widgets/widgets.repository.js';

/**
 * The tables Kysely knows about: one property per table, named as in SQL (snake_case, plural), whose type
 * describes the row. Keep it in step with the migrations.
 */
export interface Database {
  idempotency_keys: IdempotencyKeysTable;
  projects: ProjectsTable;
  tasks: TasksTable;
  comments: CommentsTable;
  widgets: WidgetsTable;
}
