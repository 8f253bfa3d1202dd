import type { ColumnType, ExpressionBuilder, Generated, Kysely, Selectable } from 'kysely';

import type { Database } from '../../db/schema.js';
import { type CompiledOnce, compileOnce } from '../../lib/compiled-queries.js';
import { containsPattern } from '../../lib/list-filters.js';
import type { ListOptions, ListResult } from '../../lib/pagination.js';
import type {
  CreateProject,
  Project,
  ProjectFilters,
  ProjectSortField,
  ReplaceProject,
  UpdateProject,
} from './projects.schemas.js';

/** The projects table, as the migrations create it. Generated<> columns have a database default. */
export interface ProjectsTable {
  id: Generated<string>;
  name: string;
  description: string | null;
  status: Generated<Project['status']>;
  budget: string | null; // numeric comes back from pg as a string
  version: ColumnType<number, never, never>; // set by the database only: 1, then one more on every UPDATE
  created_at: ColumnType<Date, never, never>; // set by the database only: on insert, then by the trigger
  updated_at: ColumnType<Date, never, never>;
}

// The API's sort fields and their columns: the only way a sort reaches SQL.
const sortColumns = {
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  name: 'name',
  budget: 'budget',
} as const satisfies Record<ProjectSortField, keyof ProjectsTable>;

/** A row as the API shows it: camelCase names, timestamps as ISO 8601 strings. */
function toProject(row: Selectable<ProjectsTable>): Project {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    status: row.status,
    budget: row.budget,
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
  return (eb: ExpressionBuilder<Database, 'projects'>) =>
    versions === undefined ? eb.lit(true) : eb('version', '=', eb.fn.any(eb.val(versions)));
}

/** The query of a read by id: the one that runs most. */
function selectById(db: Kysely<Database>, id: string) {
  return db.selectFrom('projects').selectAll().where('id', '=', id);
}

/** Reads and writes projects. Every query is built by Kysely, so every value is sent as a parameter. */
export class ProjectsRepository {
  // Built and compiled to SQL once, at start-up, rather than on every read (lib/compiled-queries.ts).
  private readonly compiledSelectById: CompiledOnce<[id: string], Selectable<ProjectsTable>>;

  constructor(private readonly db: Kysely<Database>) {
    this.compiledSelectById = compileOnce(db, (id: string) => selectById(db, id));
  }

  async list({
    filters,
    sortBy,
    sortOrder,
    page,
    limit,
  }: ListOptions<ProjectFilters, ProjectSortField>): Promise<ListResult<Project>> {
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
    return { rows: rows.map(toProject), total: Number(total) }; // count(*) is a bigint, which pg returns as a string
  }

  async findById(id: string): Promise<Project | undefined> {
    const [row] = await this.compiledSelectById(id);
    return row ? toProject(row) : undefined;
  }

  async create(input: CreateProject): Promise<Project> {
    const row = await this.db
      .insertInto('projects')
      .values({
        name: input.name,
        description: input.description,
        status: input.status,
        budget: input.budget,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toProject(row);
  }

  /** Sets every field; undefined when no project has this id, or not at one of `versions`. */
  async replace(id: string, input: ReplaceProject, versions?: readonly number[]): Promise<Project | undefined> {
    const row = await this.db
      .updateTable('projects')
      .set({
        name: input.name,
        description: input.description,
        status: input.status,
        budget: input.budget,
      })
      .where('id', '=', id)
      .where(atVersion(versions))
      .returningAll()
      .executeTakeFirst();
    return row ? toProject(row) : undefined;
  }

  /**
   * Sets the given fields only: a field the PATCH left out is undefined, and Kysely leaves undefined values out
   * of the SQL. Undefined when no project has this id, or not at one of `versions`.
   */
  async update(id: string, changes: UpdateProject, versions?: readonly number[]): Promise<Project | undefined> {
    const row = await this.db
      .updateTable('projects')
      .set({
        name: changes.name,
        description: changes.description,
        status: changes.status,
        budget: changes.budget,
      })
      .where('id', '=', id)
      .where(atVersion(versions))
      .returningAll()
      .executeTakeFirst();
    return row ? toProject(row) : undefined;
  }

  /** Whether a project was deleted (false: none has this id, or not at one of `versions`). */
  async delete(id: string, versions?: readonly number[]): Promise<boolean> {
    const result = await this.db
      .deleteFrom('projects')
      .where('id', '=', id)
      .where(atVersion(versions))
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  // The rows a list covers, one condition per filter given: the page and the count are both taken from these.
  private whereFilters(filters: ProjectFilters) {
    let query = this.db.selectFrom('projects');
    if (filters.name !== undefined) query = query.where('name', '=', filters.name);
    if (filters['name[contains]'] !== undefined)
      query = query.where('name', 'ilike', containsPattern(filters['name[contains]']));
    if (filters.description !== undefined) query = query.where('description', '=', filters.description);
    if (filters['description[contains]'] !== undefined)
      query = query.where('description', 'ilike', containsPattern(filters['description[contains]']));
    if (filters.status !== undefined) query = query.where('status', '=', filters.status);
    if (filters['status[in]'] !== undefined) query = query.where('status', 'in', filters['status[in]']);
    if (filters.budget !== undefined) query = query.where('budget', '=', filters.budget);
    if (filters['budget[gt]'] !== undefined) query = query.where('budget', '>', filters['budget[gt]']);
    if (filters['budget[gte]'] !== undefined) query = query.where('budget', '>=', filters['budget[gte]']);
    if (filters['budget[lt]'] !== undefined) query = query.where('budget', '<', filters['budget[lt]']);
    if (filters['budget[lte]'] !== undefined) query = query.where('budget', '<=', filters['budget[lte]']);
    return query;
  }
}
