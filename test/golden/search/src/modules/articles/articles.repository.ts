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
  Article,
  ArticleFilters,
  ArticleListItem,
  ArticleSortField,
  CreateArticle,
  ReplaceArticle,
  UpdateArticle,
} from './articles.schemas.js';

/** The articles table, as the migrations create it. Generated<> columns have a database default. */
export interface ArticlesTable {
  id: Generated<string>;
  title: string;
  summary: string | null;
  body: string;
  version: ColumnType<number, never, never>; // set by the database only: 1, then one more on every UPDATE
  created_at: ColumnType<Date, never, never>; // set by the database only: on insert, then by the trigger
  updated_at: ColumnType<Date, never, never>;
  // search_vector and search_text, which the database computes for search, are read only in SQL (lib/postgres-search.ts).
}

// The columns a row is read with: those the entity shows (a search column is large, and only SQL reads it).
const columns = [
  'id',
  'title',
  'summary',
  'body',
  'version',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof ArticlesTable)[];

// The API's sort fields and their columns: the only way a sort reaches SQL.
const sortColumns = {
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  title: 'title',
} as const satisfies Record<ArticleSortField, keyof ArticlesTable>;

/** A row as the API shows it: camelCase names, timestamps as ISO 8601 strings. */
function toArticle(row: Selectable<ArticlesTable>): Article {
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    body: row.body,
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
  return (eb: ExpressionBuilder<Database, 'articles'>) =>
    versions === undefined ? eb.lit(true) : eb('version', '=', eb.fn.any(eb.val(versions)));
}

/** The query of a read by id: the one that runs most. */
function selectById(db: Kysely<Database>, id: string) {
  return db.selectFrom('articles').select(columns).where('id', '=', id);
}

/** Reads and writes articles. Every query is built by Kysely, so every value is sent as a parameter. */
export class ArticlesRepository {
  // Built and compiled to SQL once, at start-up, rather than on every read (lib/compiled-queries.ts).
  private readonly compiledSelectById: CompiledOnce<[id: string], Selectable<ArticlesTable>>;

  constructor(private readonly db: Kysely<Database>) {
    this.compiledSelectById = compileOnce(db, (id: string) => selectById(db, id));
  }

  /**
   * One page of articles. With `search`, only those whose words match it, and, when none does, those whose words
   * are spelt alike (a typo); by relevance (sortBy), the best match first. Each carries its highlights when the
   * search asks for them. See lib/postgres-search.ts.
   */
  async list({
    filters,
    search,
    sortBy,
    sortOrder,
    page,
    limit,
  }: ListOptions<ArticleFilters, ArticleSortField | 'relevance'> & { search?: TextSearch }): Promise<
    ListResult<ArticleListItem>
  > {
    const matching = this.whereFilters(filters);
    const found = search ? await prepareSearch(this.db, search.q, matching) : undefined;
    // The matching parts of each searchable field, when the search asks for them.
    const headlines =
      found && search?.highlight
        ? [
            found.headline('title').as('title_highlight'),
            found.headline('summary').as('summary_highlight'),
            found.headline('body').as('body_highlight'),
          ]
        : [];
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
      // No article has the words as written: those whose words are spelt alike, the closest first.
      [rows, { total }] = await pageOf(matching.where(found.resembles), found.similarity);
    }
    return {
      rows: rows.map((row) => ({
        ...toArticle(row),
        ...(headlines.length > 0 ? { highlights: highlightsOf(row) } : {}),
      })),
      total: Number(total), // count(*) is a bigint, which pg returns as a string
    };
  }

  async findById(id: string): Promise<Article | undefined> {
    const [row] = await this.compiledSelectById(id);
    return row ? toArticle(row) : undefined;
  }

  async create(input: CreateArticle): Promise<Article> {
    const row = await this.db
      .insertInto('articles')
      .values({
        title: input.title,
        summary: input.summary,
        body: input.body,
      })
      .returning(columns)
      .executeTakeFirstOrThrow();
    return toArticle(row);
  }

  /** Sets every field; undefined when no article has this id, or not at one of `versions`. */
  async replace(id: string, input: ReplaceArticle, versions?: readonly number[]): Promise<Article | undefined> {
    const row = await this.db
      .updateTable('articles')
      .set({
        title: input.title,
        summary: input.summary,
        body: input.body,
      })
      .where('id', '=', id)
      .where(atVersion(versions))
      .returning(columns)
      .executeTakeFirst();
    return row ? toArticle(row) : undefined;
  }

  /**
   * Sets the given fields only: a field the PATCH left out is undefined, and Kysely leaves undefined values out
   * of the SQL. Undefined when no article has this id, or not at one of `versions`.
   */
  async update(id: string, changes: UpdateArticle, versions?: readonly number[]): Promise<Article | undefined> {
    const row = await this.db
      .updateTable('articles')
      .set({
        title: changes.title,
        summary: changes.summary,
        body: changes.body,
      })
      .where('id', '=', id)
      .where(atVersion(versions))
      .returning(columns)
      .executeTakeFirst();
    return row ? toArticle(row) : undefined;
  }

  /** Whether an article was deleted (false: none has this id, or not at one of `versions`). */
  async delete(id: string, versions?: readonly number[]): Promise<boolean> {
    const result = await this.db
      .deleteFrom('articles')
      .where('id', '=', id)
      .where(atVersion(versions))
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  // The rows a list covers, one condition per filter given: the page and the count are both taken from these.
  private whereFilters(filters: ArticleFilters) {
    let query = this.db.selectFrom('articles');
    if (filters.title !== undefined) query = query.where('title', '=', filters.title);
    if (filters['title[contains]'] !== undefined)
      query = query.where('title', 'ilike', containsPattern(filters['title[contains]']));
    if (filters.summary !== undefined) query = query.where('summary', '=', filters.summary);
    if (filters['summary[contains]'] !== undefined)
      query = query.where('summary', 'ilike', containsPattern(filters['summary[contains]']));
    if (filters.body !== undefined) query = query.where('body', '=', filters.body);
    if (filters['body[contains]'] !== undefined)
      query = query.where('body', 'ilike', containsPattern(filters['body[contains]']));
    return query;
  }
}

/** The highlights of a row's searchable fields, by field: those where the search matched a word. */
function highlightsOf(row: {
  title_highlight?: string | null;
  summary_highlight?: string | null;
  body_highlight?: string | null;
}) {
  return {
    title: toHighlight(row.title_highlight),
    summary: toHighlight(row.summary_highlight),
    body: toHighlight(row.body_highlight),
  };
}
