import { type ColumnType, type ExpressionBuilder, type Generated, type Kysely, type Selectable, sql } from 'kysely';

import type { Database } from '../../db/schema.js';
import { searchIndexJob } from '../../jobs/search-index.job.js';
import { type CompiledOnce, compileOnce } from '../../lib/compiled-queries.js';
import type { SearchIndexSpec } from '../../lib/elasticsearch-requests.js';
import { containsPattern } from '../../lib/list-filters.js';
import type { ListOptions, ListResult } from '../../lib/pagination.js';
import type { Queue } from '../../lib/queue.js';
import type { SearchIndex } from '../../lib/search-index.js';
import type { TextSearch } from '../../lib/search.js';
import type {
  Comment,
  CommentFilters,
  CommentListItem,
  CommentSortField,
  CreateComment,
  ReplaceComment,
  UpdateComment,
} from './comments.schemas.js';

/** The comments table, as the migrations create it. Generated<> columns have a database default. */
export interface CommentsTable {
  id: Generated<string>;
  body: string;
  article_id: string;
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
    articleId: row.article_id,
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
function selectById(db: Kysely<Database>, articleId: string, id: string) {
  return db.selectFrom('comments').selectAll().where('article_id', '=', articleId).where('id', '=', id);
}

/**
 * Reads and writes comments. Comments belong to an article: every method takes its id and touches that article's
 * comments only, so a comment is never reached through another article's path. Every value is sent as a
 * parameter.
 */
export class CommentsRepository {
  // Built and compiled to SQL once, at start-up, rather than on every read (lib/compiled-queries.ts).
  private readonly compiledSelectById: CompiledOnce<[articleId: string, id: string], Selectable<CommentsTable>>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly search: SearchIndex,
    private readonly queue: Queue,
  ) {
    this.compiledSelectById = compileOnce(db, (articleId: string, id: string) => selectById(db, articleId, id));
  }

  /**
   * One page of comments. With `search`, only those Elasticsearch finds for it, the best matches first
   * when sortBy is relevance; the filters, the order and the page apply to them in SQL, as they do without a search
   * (lib/search-index.ts). Each carries its highlights when the search asks for them.
   */
  async list(
    articleId: string,
    {
      filters,
      search,
      sortBy,
      sortOrder,
      page,
      limit,
    }: ListOptions<CommentFilters, CommentSortField | 'relevance'> & { search?: TextSearch },
  ): Promise<ListResult<CommentListItem>> {
    let matching = this.whereFilters(articleId, filters);
    const hits = search
      ? await this.search.find(
          commentsSearchIndex,
          search.q,
          { article_id: articleId },
          { highlight: search.highlight },
        )
      : undefined;
    if (hits) matching = matching.where((eb) => eb('id', '=', eb.fn.any(eb.val(hits.ids))));
    // Elasticsearch's order: the first id it found is the most relevant. Without a search, by creation.
    const relevance = hits ? sql<number>`-array_position(${hits.ids}::uuid[], id)` : sql<Date>`created_at`;
    const [rows, { total }] = await Promise.all([
      matching
        .selectAll()
        .orderBy(sortBy === 'relevance' ? relevance : sortColumns[sortBy], sortOrder)
        .orderBy('id', sortOrder) // rows with equal sort values keep one order, so pages never overlap
        .limit(limit)
        .offset((page - 1) * limit)
        .execute(),
      matching.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
    ]);
    return {
      rows: rows.map((row) => ({
        ...toComment(row),
        ...(hits && search?.highlight ? { highlights: hits.highlights.get(row.id) ?? {} } : {}),
      })),
      total: Number(total), // count(*) is a bigint, which pg returns as a string
    };
  }

  async findById(articleId: string, id: string): Promise<Comment | undefined> {
    const [row] = await this.compiledSelectById(articleId, id);
    return row ? toComment(row) : undefined;
  }

  async create(articleId: string, input: CreateComment): Promise<Comment> {
    // Each write commits with the job that indexes it, in one transaction: both, or neither.
    const row = await this.db.transaction().execute(async (transaction) => {
      const row = await transaction
        .insertInto('comments')
        .values({
          article_id: articleId,
          body: input.body,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.queue.enqueue(searchIndexJob, { table: 'comments', id: row.id }, { transaction });
      return row;
    });
    return toComment(row);
  }

  /** Sets every field; undefined when the article has no comment with this id, or not at one of `versions`. */
  async replace(
    articleId: string,
    id: string,
    input: ReplaceComment,
    versions?: readonly number[],
  ): Promise<Comment | undefined> {
    const row = await this.db.transaction().execute(async (transaction) => {
      const row = await transaction
        .updateTable('comments')
        .set({
          body: input.body,
        })
        .where('article_id', '=', articleId)
        .where('id', '=', id)
        .where(atVersion(versions))
        .returningAll()
        .executeTakeFirst();
      if (row) await this.queue.enqueue(searchIndexJob, { table: 'comments', id: row.id }, { transaction });
      return row;
    });
    return row ? toComment(row) : undefined;
  }

  /**
   * Sets the given fields only: a field the PATCH left out is undefined, and Kysely leaves undefined values out
   * of the SQL. Undefined when the article has no comment with this id, or not at one of `versions`.
   */
  async update(
    articleId: string,
    id: string,
    changes: UpdateComment,
    versions?: readonly number[],
  ): Promise<Comment | undefined> {
    const row = await this.db.transaction().execute(async (transaction) => {
      const row = await transaction
        .updateTable('comments')
        .set({
          body: changes.body,
        })
        .where('article_id', '=', articleId)
        .where('id', '=', id)
        .where(atVersion(versions))
        .returningAll()
        .executeTakeFirst();
      if (row) await this.queue.enqueue(searchIndexJob, { table: 'comments', id: row.id }, { transaction });
      return row;
    });
    return row ? toComment(row) : undefined;
  }

  /** Whether a comment was deleted (false: the article has none with this id, or not at one of `versions`). */
  async delete(articleId: string, id: string, versions?: readonly number[]): Promise<boolean> {
    const deleted = await this.db.transaction().execute(async (transaction) => {
      const result = await transaction
        .deleteFrom('comments')
        .where('article_id', '=', articleId)
        .where('id', '=', id)
        .where(atVersion(versions))
        .executeTakeFirst();
      const deleted = result.numDeletedRows > 0n;
      if (deleted) await this.queue.enqueue(searchIndexJob, { table: 'comments', id }, { transaction });
      return deleted;
    });
    return deleted;
  }

  // The rows a list covers, one condition per filter given: the page and the count are both taken from these.
  private whereFilters(articleId: string, filters: CommentFilters) {
    let query = this.db.selectFrom('comments').where('article_id', '=', articleId);
    if (filters.body !== undefined) query = query.where('body', '=', filters.body);
    if (filters['body[contains]'] !== undefined)
      query = query.where('body', 'ilike', containsPattern(filters['body[contains]']));
    return query;
  }
}

/**
 * What Elasticsearch holds of comments, a document each (lib/search-index.ts): their searchable fields with
 * the weight of each, and the keys a list is narrowed by. src/modules/search-indexes.ts lists it for search:reindex.
 */
export const commentsSearchIndex: SearchIndexSpec = {
  table: 'comments',
  fields: [{ name: 'body', column: 'body', weight: 'D' }],
  keys: ['article_id'],
};
