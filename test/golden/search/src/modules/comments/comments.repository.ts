import {
  type ColumnType,
  type ExpressionBuilder,
  type Generated,
  type Kysely,
  type RawBuilder,
  type Selectable,
  sql,
} from 'kysely';

import type { Database } from '../../db/schema.js';
import { type CompiledOnce, compileOnce } from '../../lib/compiled-queries.js';
import { containsPattern } from '../../lib/list-filters.js';
import type { ListOptions, ListResult } from '../../lib/pagination.js';
import { prepareSearch } from '../../lib/postgres-search.js';
import { type TextSearch, toHighlight } from '../../lib/search.js';
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
  // search_vector and search_text, which the database computes for search, are read only in SQL (lib/postgres-search.ts).
}

// The columns a row is read with: those the entity shows (a search column is large, and only SQL reads it).
const columns = [
  'id',
  'body',
  'article_id',
  'version',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof CommentsTable)[];

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
  return db.selectFrom('comments').select(columns).where('article_id', '=', articleId).where('id', '=', id);
}

/**
 * Reads and writes comments. Comments belong to an article: every method takes its id and touches that article's
 * comments only, so a comment is never reached through another article's path. Every value is sent as a
 * parameter.
 */
export class CommentsRepository {
  // Built and compiled to SQL once, at start-up, rather than on every read (lib/compiled-queries.ts).
  private readonly compiledSelectById: CompiledOnce<[articleId: string, id: string], Selectable<CommentsTable>>;

  constructor(private readonly db: Kysely<Database>) {
    this.compiledSelectById = compileOnce(db, (articleId: string, id: string) => selectById(db, articleId, id));
  }

  /**
   * One page of comments. With `search`, only those whose words match it, and, when none does, those whose words
   * are spelt alike (a typo); by relevance (sortBy), the best match first. Each carries its highlights when the
   * search asks for them. See lib/postgres-search.ts.
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
    const matching = this.whereFilters(articleId, filters);
    const found = search ? await prepareSearch(this.db, search.q, matching) : undefined;
    // The matching parts of each searchable field, when the search asks for them.
    const headlines = found && search?.highlight ? [found.headline('body').as('body_highlight')] : [];
    /** One page of `rows`, in the order asked for (by `relevance` when sortBy is relevance), and how many there are. */
    const pageOf = async (rows: typeof matching, relevance: RawBuilder<number> | undefined) => {
      const selected = rows.select(columns);
      const ordered =
        sortBy !== 'relevance'
          ? selected.orderBy(sortColumns[sortBy], sortOrder)
          : // Relevance needs a search, which the query schema requires for it; without one, by creation.
            selected.orderBy(relevance ?? sql<Date>`created_at`, sortOrder);
      return Promise.all([
        ordered
          .orderBy('id', sortOrder) // rows with equal sort values keep one order, so pages never overlap
          .$if(headlines.length > 0, (query) => query.select(headlines))
          .limit(limit)
          .offset((page - 1) * limit)
          .execute(),
        rows.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
      ]);
    };

    let [rows, { total }] = found
      ? await pageOf(matching.where(found.matches), found.rank)
      : await pageOf(matching, undefined);
    if (found?.resembles && Number(total) === 0) {
      // No comment has the words as written: those whose words are spelt alike, the closest first.
      [rows, { total }] = await pageOf(matching.where(found.resembles), found.similarity);
    }
    return {
      rows: rows.map((row) => ({
        ...toComment(row),
        ...(headlines.length > 0 ? { highlights: highlightsOf(row) } : {}),
      })),
      total: Number(total), // count(*) is a bigint, which pg returns as a string
    };
  }

  async findById(articleId: string, id: string): Promise<Comment | undefined> {
    const [row] = await this.compiledSelectById(articleId, id);
    return row ? toComment(row) : undefined;
  }

  async create(articleId: string, input: CreateComment): Promise<Comment> {
    const row = await this.db
      .insertInto('comments')
      .values({
        article_id: articleId,
        body: input.body,
      })
      .returning(columns)
      .executeTakeFirstOrThrow();
    return toComment(row);
  }

  /** Sets every field; undefined when the article has no comment with this id, or not at one of `versions`. */
  async replace(
    articleId: string,
    id: string,
    input: ReplaceComment,
    versions?: readonly number[],
  ): Promise<Comment | undefined> {
    const row = await this.db
      .updateTable('comments')
      .set({
        body: input.body,
      })
      .where('article_id', '=', articleId)
      .where('id', '=', id)
      .where(atVersion(versions))
      .returning(columns)
      .executeTakeFirst();
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
    const row = await this.db
      .updateTable('comments')
      .set({
        body: changes.body,
      })
      .where('article_id', '=', articleId)
      .where('id', '=', id)
      .where(atVersion(versions))
      .returning(columns)
      .executeTakeFirst();
    return row ? toComment(row) : undefined;
  }

  /** Whether a comment was deleted (false: the article has none with this id, or not at one of `versions`). */
  async delete(articleId: string, id: string, versions?: readonly number[]): Promise<boolean> {
    const result = await this.db
      .deleteFrom('comments')
      .where('article_id', '=', articleId)
      .where('id', '=', id)
      .where(atVersion(versions))
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
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

/** The highlights of a row's searchable fields, by field: those where the search matched a word. */
function highlightsOf(row: { body_highlight?: string | null }) {
  return {
    body: toHighlight(row.body_highlight),
  };
}
