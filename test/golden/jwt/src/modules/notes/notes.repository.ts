import type { ColumnType, ExpressionBuilder, Generated, Kysely, Selectable } from 'kysely';

import type { OwnerScope } from '../../auth/ownership.js';
import type { Database } from '../../db/schema.js';
import { containsPattern } from '../../lib/list-filters.js';
import type { ListOptions, ListResult } from '../../lib/pagination.js';
import type { CreateNote, Note, NoteFilters, NoteSortField, ReplaceNote, UpdateNote } from './notes.schemas.js';

/** The notes table, as the migrations create it. Generated<> columns have a database default. */
export interface NotesTable {
  id: Generated<string>;
  title: string;
  body: string | null;
  pinned: Generated<boolean>;
  owner_id: string;
  version: ColumnType<number, never, never>; // set by the database only: 1, then one more on every UPDATE
  created_at: ColumnType<Date, never, never>; // set by the database only: on insert, then by the trigger
  updated_at: ColumnType<Date, never, never>;
}

// The API's sort fields and their columns: the only way a sort reaches SQL.
const sortColumns = {
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  title: 'title',
} as const satisfies Record<NoteSortField, keyof NotesTable>;

/** A row as the API shows it: camelCase names, timestamps as ISO 8601 strings. */
function toNote(row: Selectable<NotesTable>): Note {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    pinned: row.pinned,
    ownerId: row.owner_id,
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
  return (eb: ExpressionBuilder<Database, 'notes'>) =>
    versions === undefined ? eb.lit(true) : eb('version', '=', eb.fn.any(eb.val(versions)));
}

/** The query of a read by id: the one that runs most. */
function selectById(db: Kysely<Database>, owners: OwnerScope, id: string) {
  return db.selectFrom('notes').selectAll().where(ownedBy(owners)).where('id', '=', id);
}

/**
 * Reads and writes notes. Notes belong to users: every method but create takes an OwnerScope and makes it part
 * of the statement's WHERE, so a note outside the scope is neither read nor changed, and no row is read first
 * and checked after. Every value is sent as a parameter.
 */
export class NotesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async list(
    owners: OwnerScope,
    { filters, sortBy, sortOrder, page, limit }: ListOptions<NoteFilters, NoteSortField>,
  ): Promise<ListResult<Note>> {
    const matching = this.whereFilters(owners, filters);
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
    return { rows: rows.map(toNote), total: Number(total) }; // count(*) is a bigint, which pg returns as a string
  }

  async findById(owners: OwnerScope, id: string): Promise<Note | undefined> {
    const row = await selectById(this.db, owners, id).executeTakeFirst();
    return row ? toNote(row) : undefined;
  }

  /** Inserts a note that belongs to `ownerId`. */
  async create(ownerId: string, input: CreateNote): Promise<Note> {
    const row = await this.db
      .insertInto('notes')
      .values({
        owner_id: ownerId,
        title: input.title,
        body: input.body,
        pinned: input.pinned,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toNote(row);
  }

  /** Sets every field; undefined when no note in `owners` has this id, or not at one of `versions`. */
  async replace(
    owners: OwnerScope,
    id: string,
    input: ReplaceNote,
    versions?: readonly number[],
  ): Promise<Note | undefined> {
    const row = await this.db
      .updateTable('notes')
      .set({
        title: input.title,
        body: input.body,
        pinned: input.pinned,
      })
      .where(ownedBy(owners))
      .where('id', '=', id)
      .where(atVersion(versions))
      .returningAll()
      .executeTakeFirst();
    return row ? toNote(row) : undefined;
  }

  /**
   * Sets the given fields only: a field the PATCH left out is undefined, and Kysely leaves undefined values out
   * of the SQL. Undefined when no note in `owners` has this id, or not at one of `versions`.
   */
  async update(
    owners: OwnerScope,
    id: string,
    changes: UpdateNote,
    versions?: readonly number[],
  ): Promise<Note | undefined> {
    const row = await this.db
      .updateTable('notes')
      .set({
        title: changes.title,
        body: changes.body,
        pinned: changes.pinned,
      })
      .where(ownedBy(owners))
      .where('id', '=', id)
      .where(atVersion(versions))
      .returningAll()
      .executeTakeFirst();
    return row ? toNote(row) : undefined;
  }

  /** Whether a note was deleted (false: no note in `owners` has this id, or not at one of `versions`). */
  async delete(owners: OwnerScope, id: string, versions?: readonly number[]): Promise<boolean> {
    const result = await this.db
      .deleteFrom('notes')
      .where(ownedBy(owners))
      .where('id', '=', id)
      .where(atVersion(versions))
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  // The rows a list covers, one condition per filter given: the page and the count are both taken from these.
  private whereFilters(owners: OwnerScope, filters: NoteFilters) {
    let query = this.db.selectFrom('notes').where(ownedBy(owners));
    if (filters.title !== undefined) query = query.where('title', '=', filters.title);
    if (filters['title[contains]'] !== undefined)
      query = query.where('title', 'ilike', containsPattern(filters['title[contains]']));
    if (filters.body !== undefined) query = query.where('body', '=', filters.body);
    if (filters['body[contains]'] !== undefined)
      query = query.where('body', 'ilike', containsPattern(filters['body[contains]']));
    if (filters.pinned !== undefined) query = query.where('pinned', '=', filters.pinned);
    return query;
  }
}

/** The condition that keeps a statement to the rows `owners` reaches: one user's, or (`everyOwner`) all. */
function ownedBy(owners: OwnerScope) {
  return (eb: ExpressionBuilder<Database, 'notes'>) =>
    'ownerId' in owners ? eb('owner_id', '=', owners.ownerId) : eb.lit(true);
}
