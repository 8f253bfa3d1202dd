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
}

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
  return db.selectFrom('articles').selectAll().where('id', '=', id);
}

/** Reads and writes articles. Every query is built by Kysely, so every value is sent as a parameter. */
export class ArticlesRepository {
  // Built and compiled to SQL once, at start-up, rather than on every read (lib/compiled-queries.ts).
  private readonly compiledSelectById: CompiledOnce<[id: string], Selectable<ArticlesTable>>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly search: SearchIndex,
    private readonly queue: Queue,
  ) {
    this.compiledSelectById = compileOnce(db, (id: string) => selectById(db, id));
  }

  /**
   * One page of articles. With `search`, only those Elasticsearch finds for it, the best matches first
   * when sortBy is relevance; the filters, the order and the page apply to them in SQL, as they do without a search
   * (lib/search-index.ts). Each carries its highlights when the search asks for them.
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
    let matching = this.whereFilters(filters);
    const hits = search
      ? await this.search.find(articlesSearchIndex, search.q, {}, { highlight: search.highlight })
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
        ...toArticle(row),
        ...(hits && search?.highlight ? { highlights: hits.highlights.get(row.id) ?? {} } : {}),
      })),
      total: Number(total), // count(*) is a bigint, which pg returns as a string
    };
  }

  async findById(id: string): Promise<Article | undefined> {
    const [row] = await this.compiledSelectById(id);
    return row ? toArticle(row) : undefined;
  }

  async create(input: CreateArticle): Promise<Article> {
    // Each write commits with the job that indexes it, in one transaction: both, or neither.
    const row = await this.db.transaction().execute(async (transaction) => {
      const row = await transaction
        .insertInto('articles')
        .values({
          title: input.title,
          summary: input.summary,
          body: input.body,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.queue.enqueue(searchIndexJob, { table: 'articles', id: row.id }, { transaction });
      return row;
    });
    return toArticle(row);
  }

  /** Sets every field; undefined when no article has this id, or not at one of `versions`. */
  async replace(id: string, input: ReplaceArticle, versions?: readonly number[]): Promise<Article | undefined> {
    const row = await this.db.transaction().execute(async (transaction) => {
      const row = await transaction
        .updateTable('articles')
        .set({
          title: input.title,
          summary: input.summary,
          body: input.body,
        })
        .where('id', '=', id)
        .where(atVersion(versions))
        .returningAll()
        .executeTakeFirst();
      if (row) await this.queue.enqueue(searchIndexJob, { table: 'articles', id: row.id }, { transaction });
      return row;
    });
    return row ? toArticle(row) : undefined;
  }

  /**
   * Sets the given fields only: a field the PATCH left out is undefined, and Kysely leaves undefined values out
   * of the SQL. Undefined when no article has this id, or not at one of `versions`.
   */
  async update(id: string, changes: UpdateArticle, versions?: readonly number[]): Promise<Article | undefined> {
    const row = await this.db.transaction().execute(async (transaction) => {
      const row = await transaction
        .updateTable('articles')
        .set({
          title: changes.title,
          summary: changes.summary,
          body: changes.body,
        })
        .where('id', '=', id)
        .where(atVersion(versions))
        .returningAll()
        .executeTakeFirst();
      if (row) await this.queue.enqueue(searchIndexJob, { table: 'articles', id: row.id }, { transaction });
      return row;
    });
    return row ? toArticle(row) : undefined;
  }

  /** Whether an article was deleted (false: none has this id, or not at one of `versions`). */
  async delete(id: string, versions?: readonly number[]): Promise<boolean> {
    const deleted = await this.db.transaction().execute(async (transaction) => {
      const result = await transaction
        .deleteFrom('articles')
        .where('id', '=', id)
        .where(atVersion(versions))
        .executeTakeFirst();
      const deleted = result.numDeletedRows > 0n;
      if (deleted) await this.queue.enqueue(searchIndexJob, { table: 'articles', id }, { transaction });
      return deleted;
    });
    return deleted;
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

/**
 * What Elasticsearch holds of articles, a document each (lib/search-index.ts): their searchable fields with
 * the weight of each, and the keys a list is narrowed by. src/modules/search-indexes.ts lists it for search:reindex.
 */
export const articlesSearchIndex: SearchIndexSpec = {
  table: 'articles',
  fields: [
    { name: 'title', column: 'title', weight: 'A' },
    { name: 'summary', column: 'summary', weight: 'B' },
    { name: 'body', column: 'body', weight: 'C' },
  ],
  keys: [],
};
