import type { ColumnType, ExpressionBuilder, Generated, Kysely, Selectable } from 'kysely';

import type { Database } from '../../db/schema.js';
import { type CompiledOnce, compileOnce } from '../../lib/compiled-queries.js';
import { containsPattern } from '../../lib/list-filters.js';
import type { ListOptions, ListResult } from '../../lib/pagination.js';
import type {
  Comment,
  CommentFilters,
  CommentSortField,
  CreateComment,
  ReplaceComment,
  UpdateComment,
} from './comments.schemas.js';

/** The comments table, as the migrations create it. Generated<> columns have a database default. */
export interface CommentsTable {
  id: Generated<string>;
  body: string;
  task_id: string;
  version: ColumnType<number, never, never>; // set by the database only: 1, then one more on every UPDATE
  created_at: ColumnType<Date, never, never>; // set by the database only: on insert, then by the trigger
  updated_at: ColumnType<Date, never, never>;
}

// The API's sort fields and their columns: the only way a sort reaches SQL.
const sortColumns = {
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const satisfies Record<CommentSortField, keyof CommentsTable>;

/** A row as the API shows it: camelCase names, timestamps as ISO 8601 strings. */
function toComment(row: Selectable<CommentsTable>): Comment {
  return {
    id: row.id,
    body: row.body,
    taskId: row.task_id,
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
  return (eb: ExpressionBuilder<Database, 'comments'>) =>
    versions === undefined ? eb.lit(true) : eb('version', '=', eb.fn.any(eb.val(versions)));
}

/** The query of a read by id: the one that runs most. */
function selectById(db: Kysely<Database>, id: string) {
  return db.selectFrom('comments').selectAll().where('id', '=', id);
}

/** Reads and writes comments. Every query is built by Kysely, so every value is sent as a parameter. */
export class CommentsRepository {
  // Built and compiled to SQL once, at start-up, rather than on every read (lib/compiled-queries.ts).
  private readonly compiledSelectById: CompiledOnce<[id: string], Selectable<CommentsTable>>;

  constructor(private readonly db: Kysely<Database>) {
    this.compiledSelectById = compileOnce(db, (id: string) => selectById(db, id));
  }

  async list({
    filters,
    sortBy,
    sortOrder,
    page,
    limit,
  }: ListOptions<CommentFilters, CommentSortField>): Promise<ListResult<Comment>> {
    const matching = this.whereFilters(filters);
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
    return { rows: rows.map(toComment), total: Number(total) }; // count(*) is a bigint, which pg returns as a string
  }

  async findById(id: string): Promise<Comment | undefined> {
    const [row] = await this.compiledSelectById(id);
    return row ? toComment(row) : undefined;
  }

  async create(input: CreateComment): Promise<Comment> {
    const row = await this.db
      .insertInto('comments')
      .values({
        body: input.body,
        task_id: input.taskId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toComment(row);
  }

  /** Sets every field; undefined when no comment has this id, or not at one of `versions`. */
  async replace(id: string, input: ReplaceComment, versions?: readonly number[]): Promise<Comment | undefined> {
    const row = await this.db
      .updateTable('comments')
      .set({
        body: input.body,
        task_id: input.taskId,
      })
      .where('id', '=', id)
      .where(atVersion(versions))
      .returningAll()
      .executeTakeFirst();
    return row ? toComment(row) : undefined;
  }

  /**
   * Sets the given fields only: a field the PATCH left out is undefined, and Kysely leaves undefined values out
   * of the SQL. Undefined when no comment has this id, or not at one of `versions`.
   */
  async update(id: string, changes: UpdateComment, versions?: readonly number[]): Promise<Comment | undefined> {
    const row = await this.db
      .updateTable('comments')
      .set({
        body: changes.body,
        task_id: changes.taskId,
      })
      .where('id', '=', id)
      .where(atVersion(versions))
      .returningAll()
      .executeTakeFirst();
    return row ? toComment(row) : undefined;
  }

  /** Whether a comment was deleted (false: none has this id, or not at one of `versions`). */
  async delete(id: string, versions?: readonly number[]): Promise<boolean> {
    const result = await this.db
      .deleteFrom('comments')
      .where('id', '=', id)
      .where(atVersion(versions))
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  // The rows a list covers, one condition per filter given: the page and the count are both taken from these.
  private whereFilters(filters: CommentFilters) {
    let query = this.db.selectFrom('comments');
    if (filters.body !== undefined) query = query.where('body', '=', filters.body);
    if (filters['body[contains]'] !== undefined)
      query = query.where('body', 'ilike', containsPattern(filters['body[contains]']));
    if (filters.taskId !== undefined) query = query.where('task_id', '=', filters.taskId);
    return query;
  }
}
