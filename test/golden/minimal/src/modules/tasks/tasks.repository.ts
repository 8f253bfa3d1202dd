import type { ColumnType, ExpressionBuilder, Generated, Kysely, Selectable } from 'kysely';

import type { Database } from '../../db/schema.js';
import { type CompiledOnce, compileOnce } from '../../lib/compiled-queries.js';
import { containsPattern } from '../../lib/list-filters.js';
import type { ListOptions, ListResult } from '../../lib/pagination.js';
import type { CreateTask, ReplaceTask, Task, TaskFilters, TaskSortField, UpdateTask } from './tasks.schemas.js';

/** The tasks table, as the migrations create it. Generated<> columns have a database default. */
export interface TasksTable {
  id: Generated<string>;
  title: string;
  done: Generated<boolean>;
  priority: Generated<number>;
  due_date: string | null; // src/db/connection.ts keeps dates as 'YYYY-MM-DD' strings
  project_id: string;
  version: ColumnType<number, never, never>; // set by the database only: 1, then one more on every UPDATE
  created_at: ColumnType<Date, never, never>; // set by the database only: on insert, then by the trigger
  updated_at: ColumnType<Date, never, never>;
}

// The API's sort fields and their columns: the only way a sort reaches SQL.
const sortColumns = {
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  title: 'title',
  priority: 'priority',
  dueDate: 'due_date',
} as const satisfies Record<TaskSortField, keyof TasksTable>;

/** A row as the API shows it: camelCase names, timestamps as ISO 8601 strings. */
function toTask(row: Selectable<TasksTable>): Task {
  return {
    id: row.id,
    title: row.title,
    done: row.done,
    priority: row.priority,
    dueDate: row.due_date,
    projectId: row.project_id,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * The condition If-Match puts on a write: the row is still at one of the versions the client read. Compared in the
 * UPDATE or DELETE itself, so that no other write can come in between the check and the change. Without If-Match
 * (undefined), any version will do.
 */
function atVersion(versions: readonly number[] | undefined) {
  return (eb: ExpressionBuilder<Database, 'tasks'>) =>
    versions === undefined ? eb.lit(true) : eb('version', '=', eb.fn.any(eb.val(versions)));
}

/** The query of a read by id: the one that runs most. */
function selectById(db: Kysely<Database>, projectId: string, id: string) {
  return db.selectFrom('tasks').selectAll().where('project_id', '=', projectId).where('id', '=', id);
}

/**
 * Reads and writes tasks. Tasks belong to a project: every method takes its id and touches that project's tasks
 * only, so a task is never reached through another project's path. Every value is sent as a parameter.
 */
export class TasksRepository {
  // Built and compiled to SQL once, at start-up, rather than on every read (lib/compiled-queries.ts).
  private readonly compiledSelectById: CompiledOnce<[projectId: string, id: string], Selectable<TasksTable>>;

  constructor(private readonly db: Kysely<Database>) {
    this.compiledSelectById = compileOnce(db, (projectId: string, id: string) => selectById(db, projectId, id));
  }

  async list(
    projectId: string,
    { filters, sortBy, sortOrder, page, limit }: ListOptions<TaskFilters, TaskSortField>,
  ): Promise<ListResult<Task>> {
    const matching = this.whereFilters(projectId, filters);
    const [rows, { total }] = await Promise.all([
      matching
        .selectAll()
        .orderBy(sortColumns[sortBy], sortOrder)
        .orderBy('id', sortOrder) // rows with equal sort values keep one order, so pages never overlap
        .limit(limit)
        .offset((page - 1) * limit)
        .execute(),
      matching.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
    ]);
    return { rows: rows.map(toTask), total: Number(total) }; // count(*) is a bigint, which pg returns as a string
  }

  async findById(projectId: string, id: string): Promise<Task | undefined> {
    const [row] = await this.compiledSelectById(projectId, id);
    return row ? toTask(row) : undefined;
  }

  async create(projectId: string, input: CreateTask): Promise<Task> {
    const row = await this.db
      .insertInto('tasks')
      .values({
        project_id: projectId,
        title: input.title,
        done: input.done,
        priority: input.priority,
        due_date: input.dueDate,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toTask(row);
  }

  /** Sets every field; undefined when the project has no task with this id, or not at one of `versions`. */
  async replace(
    projectId: string,
    id: string,
    input: ReplaceTask,
    versions?: readonly number[],
  ): Promise<Task | undefined> {
    const row = await this.db
      .updateTable('tasks')
      .set({
        title: input.title,
        done: input.done,
        priority: input.priority,
        due_date: input.dueDate,
      })
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .where(atVersion(versions))
      .returningAll()
      .executeTakeFirst();
    return row ? toTask(row) : undefined;
  }

  /**
   * Sets the given fields only: a field the PATCH left out is undefined, and Kysely leaves undefined values out
   * of the SQL. Undefined when the project has no task with this id, or not at one of `versions`.
   */
  async update(
    projectId: string,
    id: string,
    changes: UpdateTask,
    versions?: readonly number[],
  ): Promise<Task | undefined> {
    const row = await this.db
      .updateTable('tasks')
      .set({
        title: changes.title,
        done: changes.done,
        priority: changes.priority,
        due_date: changes.dueDate,
      })
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .where(atVersion(versions))
      .returningAll()
      .executeTakeFirst();
    return row ? toTask(row) : undefined;
  }

  /** Whether a task was deleted (false: the project has none with this id, or not at one of `versions`). */
  async delete(projectId: string, id: string, versions?: readonly number[]): Promise<boolean> {
    const result = await this.db
      .deleteFrom('tasks')
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .where(atVersion(versions))
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  // The rows a list covers, one condition per filter given: the page and the count are both taken from these.
  private whereFilters(projectId: string, filters: TaskFilters) {
    let query = this.db.selectFrom('tasks').where('project_id', '=', projectId);
    if (filters.title !== undefined) query = query.where('title', '=', filters.title);
    if (filters['title[contains]'] !== undefined)
      query = query.where('title', 'ilike', containsPattern(filters['title[contains]']));
    if (filters.done !== undefined) query = query.where('done', '=', filters.done);
    if (filters.priority !== undefined) query = query.where('priority', '=', filters.priority);
    if (filters['priority[gt]'] !== undefined) query = query.where('priority', '>', filters['priority[gt]']);
    if (filters['priority[gte]'] !== undefined) query = query.where('priority', '>=', filters['priority[gte]']);
    if (filters['priority[lt]'] !== undefined) query = query.where('priority', '<', filters['priority[lt]']);
    if (filters['priority[lte]'] !== undefined) query = query.where('priority', '<=', filters['priority[lte]']);
    if (filters.dueDate !== undefined) query = query.where('due_date', '=', filters.dueDate);
    if (filters['dueDate[gt]'] !== undefined) query = query.where('due_date', '>', filters['dueDate[gt]']);
    if (filters['dueDate[gte]'] !== undefined) query = query.where('due_date', '>=', filters['dueDate[gte]']);
    if (filters['dueDate[lt]'] !== undefined) query = query.where('due_date', '<', filters['dueDate[lt]']);
    if (filters['dueDate[lte]'] !== undefined) query = query.where('due_date', '<=', filters['dueDate[lte]']);
    return query;
  }
}
