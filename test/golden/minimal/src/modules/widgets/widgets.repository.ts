import type { ColumnType, ExpressionBuilder, Generated, Kysely, Selectable } from 'kysely';

import type { Database } from '../../db/schema.js';
import { type CompiledOnce, compileOnce } from '../../lib/compiled-queries.js';
import { containsPattern } from '../../lib/list-filters.js';
import type { ListOptions, ListResult } from '../../lib/pagination.js';
import type {
  CreateWidget,
  ReplaceWidget,
  UpdateWidget,
  Widget,
  WidgetFilters,
  WidgetSortField,
} from './widgets.schemas.js';

/** The widgets table, as the migrations create it. Generated<> columns have a database default. */
export interface WidgetsTable {
  id: Generated<string>;
  label: string;
  notes: string | null;
  count: Generated<number>;
  big: string | null; // bigint comes back from pg as a string
  price: Generated<string>; // numeric comes back from pg as a string
  ratio: number | null;
  active: Generated<boolean>;
  launch: string | null; // src/db/connection.ts keeps dates as 'YYYY-MM-DD' strings
  seen_at: ColumnType<Date, string | undefined, string>; // read as a Date, written as an ISO 8601 string
  ref: string;
  contact: string | null;
  site: string | null;
  meta: ColumnType<Widget['meta'], string | null, string | null>; // read parsed, written as JSON text (toJsonText)
  size: Generated<Widget['size']>;
  project_id: string | null;
  version: ColumnType<number, never, never>; // set by the database only: 1, then one more on every UPDATE
  created_at: ColumnType<Date, never, never>; // set by the database only: on insert, then by the trigger
  updated_at: ColumnType<Date, never, never>;
}

// The API's sort fields and their columns: the only way a sort reaches SQL.
const sortColumns = {
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  label: 'label',
  count: 'count',
  big: 'big',
  price: 'price',
  ratio: 'ratio',
  launch: 'launch',
  seenAt: 'seen_at',
  contact: 'contact',
} as const satisfies Record<WidgetSortField, keyof WidgetsTable>;

/** A row as the API shows it: camelCase names, timestamps as ISO 8601 strings. */
function toWidget(row: Selectable<WidgetsTable>): Widget {
  return {
    id: row.id,
    label: row.label,
    notes: row.notes,
    count: row.count,
    big: row.big,
    price: row.price,
    ratio: row.ratio,
    active: row.active,
    launch: row.launch,
    seenAt: row.seen_at.toISOString(),
    ref: row.ref,
    contact: row.contact,
    site: row.site,
    meta: row.meta,
    size: row.size,
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
  return (eb: ExpressionBuilder<Database, 'widgets'>) =>
    versions === undefined ? eb.lit(true) : eb('version', '=', eb.fn.any(eb.val(versions)));
}

// jsonb values are sent as JSON text: pg would send a JS array as a PostgreSQL array, and a string unquoted.
function toJsonText<Value>(value: Value) {
  return (value === undefined ? undefined : value === null ? null : JSON.stringify(value)) as Value extends undefined
    ? undefined
    : string | null;
}

/** The query of a read by id: the one that runs most. */
function selectById(db: Kysely<Database>, id: string) {
  return db.selectFrom('widgets').selectAll().where('id', '=', id);
}

/** Reads and writes widgets. Every query is built by Kysely, so every value is sent as a parameter. */
export class WidgetsRepository {
  // Built and compiled to SQL once, at start-up, rather than on every read (lib/compiled-queries.ts).
  private readonly compiledSelectById: CompiledOnce<[id: string], Selectable<WidgetsTable>>;

  constructor(private readonly db: Kysely<Database>) {
    this.compiledSelectById = compileOnce(db, (id: string) => selectById(db, id));
  }

  async list({
    filters,
    sortBy,
    sortOrder,
    page,
    limit,
  }: ListOptions<WidgetFilters, WidgetSortField>): Promise<ListResult<Widget>> {
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
    return { rows: rows.map(toWidget), total: Number(total) }; // count(*) is a bigint, which pg returns as a string
  }

  async findById(id: string): Promise<Widget | undefined> {
    const [row] = await this.compiledSelectById(id);
    return row ? toWidget(row) : undefined;
  }

  async create(input: CreateWidget): Promise<Widget> {
    const row = await this.db
      .insertInto('widgets')
      .values({
        label: input.label,
        notes: input.notes,
        count: input.count,
        big: input.big,
        price: input.price,
        ratio: input.ratio,
        active: input.active,
        launch: input.launch,
        seen_at: input.seenAt,
        ref: input.ref,
        contact: input.contact,
        site: input.site,
        meta: toJsonText(input.meta),
        size: input.size,
        project_id: input.projectId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toWidget(row);
  }

  /** Sets every field; undefined when no widget has this id, or not at one of `versions`. */
  async replace(id: string, input: ReplaceWidget, versions?: readonly number[]): Promise<Widget | undefined> {
    const row = await this.db
      .updateTable('widgets')
      .set({
        label: input.label,
        notes: input.notes,
        count: input.count,
        big: input.big,
        price: input.price,
        ratio: input.ratio,
        active: input.active,
        launch: input.launch,
        seen_at: input.seenAt,
        ref: input.ref,
        contact: input.contact,
        site: input.site,
        meta: toJsonText(input.meta),
        size: input.size,
        project_id: input.projectId,
      })
      .where('id', '=', id)
      .where(atVersion(versions))
      .returningAll()
      .executeTakeFirst();
    return row ? toWidget(row) : undefined;
  }

  /**
   * Sets the given fields only: a field the PATCH left out is undefined, and Kysely leaves undefined values out
   * of the SQL. Undefined when no widget has this id, or not at one of `versions`.
   */
  async update(id: string, changes: UpdateWidget, versions?: readonly number[]): Promise<Widget | undefined> {
    const row = await this.db
      .updateTable('widgets')
      .set({
        label: changes.label,
        notes: changes.notes,
        count: changes.count,
        big: changes.big,
        price: changes.price,
        ratio: changes.ratio,
        active: changes.active,
        launch: changes.launch,
        seen_at: changes.seenAt,
        ref: changes.ref,
        contact: changes.contact,
        site: changes.site,
        meta: toJsonText(changes.meta),
        size: changes.size,
        project_id: changes.projectId,
      })
      .where('id', '=', id)
      .where(atVersion(versions))
      .returningAll()
      .executeTakeFirst();
    return row ? toWidget(row) : undefined;
  }

  /** Whether a widget was deleted (false: none has this id, or not at one of `versions`). */
  async delete(id: string, versions?: readonly number[]): Promise<boolean> {
    const result = await this.db
      .deleteFrom('widgets')
      .where('id', '=', id)
      .where(atVersion(versions))
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  // The rows a list covers, one condition per filter given: the page and the count are both taken from these.
  private whereFilters(filters: WidgetFilters) {
    let query = this.db.selectFrom('widgets');
    if (filters.label !== undefined) query = query.where('label', '=', filters.label);
    if (filters['label[contains]'] !== undefined)
      query = query.where('label', 'ilike', containsPattern(filters['label[contains]']));
    if (filters.notes !== undefined) query = query.where('notes', '=', filters.notes);
    if (filters['notes[contains]'] !== undefined)
      query = query.where('notes', 'ilike', containsPattern(filters['notes[contains]']));
    if (filters.count !== undefined) query = query.where('count', '=', filters.count);
    if (filters['count[gt]'] !== undefined) query = query.where('count', '>', filters['count[gt]']);
    if (filters['count[gte]'] !== undefined) query = query.where('count', '>=', filters['count[gte]']);
    if (filters['count[lt]'] !== undefined) query = query.where('count', '<', filters['count[lt]']);
    if (filters['count[lte]'] !== undefined) query = query.where('count', '<=', filters['count[lte]']);
    if (filters.big !== undefined) query = query.where('big', '=', filters.big);
    if (filters['big[gt]'] !== undefined) query = query.where('big', '>', filters['big[gt]']);
    if (filters['big[gte]'] !== undefined) query = query.where('big', '>=', filters['big[gte]']);
    if (filters['big[lt]'] !== undefined) query = query.where('big', '<', filters['big[lt]']);
    if (filters['big[lte]'] !== undefined) query = query.where('big', '<=', filters['big[lte]']);
    if (filters.price !== undefined) query = query.where('price', '=', filters.price);
    if (filters['price[gt]'] !== undefined) query = query.where('price', '>', filters['price[gt]']);
    if (filters['price[gte]'] !== undefined) query = query.where('price', '>=', filters['price[gte]']);
    if (filters['price[lt]'] !== undefined) query = query.where('price', '<', filters['price[lt]']);
    if (filters['price[lte]'] !== undefined) query = query.where('price', '<=', filters['price[lte]']);
    if (filters.ratio !== undefined) query = query.where('ratio', '=', filters.ratio);
    if (filters['ratio[gt]'] !== undefined) query = query.where('ratio', '>', filters['ratio[gt]']);
    if (filters['ratio[gte]'] !== undefined) query = query.where('ratio', '>=', filters['ratio[gte]']);
    if (filters['ratio[lt]'] !== undefined) query = query.where('ratio', '<', filters['ratio[lt]']);
    if (filters['ratio[lte]'] !== undefined) query = query.where('ratio', '<=', filters['ratio[lte]']);
    if (filters.active !== undefined) query = query.where('active', '=', filters.active);
    if (filters.launch !== undefined) query = query.where('launch', '=', filters.launch);
    if (filters['launch[gt]'] !== undefined) query = query.where('launch', '>', filters['launch[gt]']);
    if (filters['launch[gte]'] !== undefined) query = query.where('launch', '>=', filters['launch[gte]']);
    if (filters['launch[lt]'] !== undefined) query = query.where('launch', '<', filters['launch[lt]']);
    if (filters['launch[lte]'] !== undefined) query = query.where('launch', '<=', filters['launch[lte]']);
    if (filters.seenAt !== undefined) query = query.where('seen_at', '=', new Date(filters.seenAt));
    if (filters['seenAt[gt]'] !== undefined) query = query.where('seen_at', '>', new Date(filters['seenAt[gt]']));
    if (filters['seenAt[gte]'] !== undefined) query = query.where('seen_at', '>=', new Date(filters['seenAt[gte]']));
    if (filters['seenAt[lt]'] !== undefined) query = query.where('seen_at', '<', new Date(filters['seenAt[lt]']));
    if (filters['seenAt[lte]'] !== undefined) query = query.where('seen_at', '<=', new Date(filters['seenAt[lte]']));
    if (filters.ref !== undefined) query = query.where('ref', '=', filters.ref);
    if (filters.contact !== undefined) query = query.where('contact', '=', filters.contact);
    if (filters['contact[contains]'] !== undefined)
      query = query.where('contact', 'ilike', containsPattern(filters['contact[contains]']));
    if (filters.site !== undefined) query = query.where('site', '=', filters.site);
    if (filters['site[contains]'] !== undefined)
      query = query.where('site', 'ilike', containsPattern(filters['site[contains]']));
    if (filters.size !== undefined) query = query.where('size', '=', filters.size);
    if (filters['size[in]'] !== undefined) query = query.where('size', 'in', filters['size[in]']);
    if (filters.projectId !== undefined) query = query.where('project_id', '=', filters.projectId);
    return query;
  }
}
