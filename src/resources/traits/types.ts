import type { OnDelete } from '../field-spec.js';
import type { ResourceModel, ResourceRecord } from '../model.js';

/**
 * A trait changes what a resource is (nested under a parent, owned by users...) without a copy of any layer: the
 * layer templates under templates/resource/ have named slots, and each trait that applies fills some of them.
 * Contributions merge in the order of the trait registry (traits/index.ts); lists concatenate, parameters with
 * the same name are one parameter.
 */
export interface Trait {
  id: TraitId;
  /**
   * Whether a resource has it without asking, by what it is (a field that points at rows that belong to users);
   * such a trait is not recorded, it follows from the fields. Without this, a trait is asked for and recorded.
   */
  follows?(model: ResourceModel): boolean;
  /** Whether the service can have it at all (e.g. rows that belong to users need users); a one-line refusal. */
  requires?: readonly TraitRequirement[];
  /** Whether its routes need a signed-in caller (and so the tests of resources that make its rows). */
  signsIn?(model: ResourceModel): boolean;
  /** Traits it cannot be combined with, each with the line that says why. */
  conflicts?: readonly { trait: TraitId; message: string }[];
  /** Why no resource may be nested under `parent`, a resource with this trait; undefined when one may. */
  refusesChildren?(parent: ResourceRecord): string | undefined;
  /** Why no field may point at `target`, a resource with this trait (among `records`); undefined when one may. */
  refusesReferences?(target: ResourceRecord, records: readonly ResourceRecord[]): string | undefined;
  /** Its contributions to the slots of a resource that has it. */
  contribute(model: ResourceModel): TraitContributions;
  /** Its part of the generated test, given what the test plan has declared so far. */
  test?(model: ResourceModel, plan: TestPlanTools): TestContributions;
}

/** What a trait's part of the test may use of the test plan: the row helpers and the names in scope. */
export interface TestPlanTools {
  /** The name of the function that makes a row of `table` through the API, declared on first use */
  rowHelper(table: string): string;
  /** A variable name not taken yet in the describe block, which it then takes */
  variable(name: string): string;
  /** The variable that holds the collection's URL */
  url: string;
}

export const traitIds = ['nested', 'owned-references', 'owned', 'cached', 'searchable'] as const;
export type TraitId = (typeof traitIds)[number];

/** What the service must have for a trait; `message` is shown, with nothing written, when it does not. */
export interface TraitRequirement {
  feature: string;
  message: string;
}

/** One import statement's worth: a module and the names taken from it. */
export interface ImportSpec {
  from: string;
  names: readonly { name: string; typeOnly?: boolean }[];
}

/** The files of a resource module, each rendered from one template (templates/resource/<layer>.ts.hbs). */
export const layers = ['schemas', 'repository', 'service', 'routes', 'test'] as const;
export type Layer = (typeof layers)[number];

/**
 * Code a trait adds whole: a template under templates/resource/ (`traits/nested/test`), rendered with the layer's
 * values and `context` on top.
 */
export interface PartialTemplate {
  template: string;
  context?: Record<string, unknown>;
}

/**
 * A value that every method of the service takes before its own (the parent's id, the caller), and where a
 * route finds it in the request.
 */
export interface ServiceInput extends Parameter {
  /** `request.params.projectId`, `currentUser(request)` */
  fromRequest: string;
  /** What create's route passes instead, when it has the value in a local (for the Location header) */
  inCreate?: string;
  /** What the routes import to get it */
  imports?: readonly ImportSpec[];
  /** Taken by create, replace and update only (to check their body), not by every method */
  writesOnly?: boolean;
}

/** The services of the app (besides the database) that a module may hand its repositories, in the order it does. */
export const moduleServices = ['cache', 'search', 'queue'] as const;
export type ModuleService = (typeof moduleServices)[number];

/** A repository a service is given, and how the module constructs it. */
export interface RepositoryDependency {
  name: string;
  type: string;
  construct: string;
  /** The app's services its constructor takes after the database, in this order (a cached resource's the cache) */
  uses: readonly ModuleService[];
}

/** A parameter of a generated function. */
export interface Parameter {
  name: string;
  type: string;
}

/** A column that is not one of the fields: written by the server, shown read-only in the entity. */
export interface ExtraColumn {
  name: string;
  /** What it is, for the refusal of a field of the same name: `the owner that --owned adds` */
  description: string;
  column: string;
  /** The entity's zod schema of it, e.g. `z.uuid()` */
  schema: string;
  columnType: string;
  columnBuilder: string;
  rowType: string;
  foreignKey: { table: string; onDelete: OnDelete; comment?: string };
  unique?: boolean;
}

/** A permission of the service's table (src/auth/permissions.ts) that a resource adds and removes with it. */
export interface Grant {
  name: string;
  roles: readonly ('user' | 'admin')[];
  description: string;
}

/**
 * How a trait narrows every statement of the repository to some rows: a parameter each method takes, the
 * argument the service passes for it, and the WHERE condition it becomes.
 */
export interface RepositoryScope {
  parameter: Parameter;
  where: string;
  /**
   * Whether `where` only passes the parameter to Kysely as a value, so that a query holding it can be compiled once
   * (lib/compiled-queries.ts). False when the condition depends on the parameter's content.
   */
  compilable: boolean;
  /**
   * How a read through the cache keeps to the scope (traits/cached.ts). `key`: the parameter is part of the row's
   * cache key, and of the query that loads it (a parent's id). `check`: a condition on the row read, cached or
   * not, with what it imports, for a scope that depends on who asks (an owner).
   */
  cached: { key: true } | { check: (entity: string) => string; imports: readonly ImportSpec[] };
  /**
   * How a search in Elasticsearch keeps to the scope (traits/searchable.ts): the column its documents carry, and the
   * value a search filters it on, given the parameter (`projectId`), undefined when the scope is every row.
   */
  search: { key: string; value: string };
  /** Completes "undefined when ..." for a row outside the scope: `the project has no task with this id` */
  missing: string;
  /** Completes "false: ..." for a delete outside the scope: `the project has none with this id` */
  noneDeleted: string;
}

/** Everything a trait may contribute. Every member is optional: a trait fills only the slots it needs. */
export interface TraitContributions {
  imports?: Partial<Record<Layer, readonly ImportSpec[]>>;
  /** The path of the collection, when it is not /v1/<name> */
  basePath?: string;
  /** Path parameters before `:id`, each a uuid (`projectId`), and the schema and type of the collection's path */
  paths?: { parameters: readonly string[]; collectionSchema: string; collectionType: string };
  columns?: readonly ExtraColumn[];
  /** Statements of the migration's up() after the table and its indexes (its down() drops the table, and them) */
  migration?: { after?: readonly PartialTemplate[] };
  /**
   * How the resource's lists search (`?q=`): the query parameters, the order by relevance, and the highlights of
   * these fields that list items may carry.
   */
  list?: { search?: { highlights: readonly string[] } };
  /**
   * The repository's export of the resource's search index (Elasticsearch), which src/modules/search-indexes.ts
   * lists for search:reindex
   */
  searchIndex?: string;
  repository?: {
    scope?: RepositoryScope;
    /** What create takes besides the body, and the column it sets from it */
    create?: { parameter: Parameter; column: string; doc?: string };
    /** Rendered after the class (helpers of the scope's condition) */
    functions?: readonly PartialTemplate[];
    /** Reads by id go through the cache, and writes invalidate them (traits/cached.ts) */
    cached?: boolean;
    /** The table has columns the entity does not show (computed for search): rows are read column by column */
    hiddenColumns?: boolean;
    /** The list method, when it is not the plain one of repository.ts.hbs */
    list?: PartialTemplate;
    /** Services of the app the repository is constructed with, and the constructor's parameter for each */
    uses?: readonly { service: ModuleService; parameter: string }[];
    /**
     * Statements after each write that changed a row: `written` after a create, replace or update (with `row`, the
     * row as written), `deleted` after a delete (with `id`)
     */
    afterWrite?: { written: string; deleted: string };
    /**
     * Statements in the transaction of each write, when it changed a row (`written` with `row`, `deleted` with `id`,
     * both with `transaction`): what must happen if and only if the write commits, as enqueueing a job that follows
     * from it, which `what` names (`the job that indexes it`). A write runs in a transaction when some trait has
     * these; afterWrite then follows the commit.
     */
    inWrite?: { written: string; deleted: string; what: string };
  };
  service?: {
    /** Taken by every method before its own parameters */
    inputs?: readonly ServiceInput[];
    /** Given to the repository for its scope, e.g. `reachedBy(caller)` */
    scopeArgument?: string;
    /** Given to the repository's create */
    createArgument?: string;
    /** The first statement of every method */
    guard?: string;
    /** A statement of create, replace and update given the body (`input` or `changes`), after the guards */
    checkBody?(body: string): string;
    /** A comment above create's repository call, and create's doc */
    createComment?: string;
    createDoc?: string;
    dependencies?: readonly RepositoryDependency[];
    /** Rendered inside the class, after the methods, and after the class */
    members?: readonly PartialTemplate[];
    functions?: readonly PartialTemplate[];
  };
  routes?: {
    /**
     * The permission every route requires (401 without credentials, 403 without it); when traits name several,
     * the last in merge order, the most particular, is the one.
     */
    permission?: string;
    /** The permission guards only the routes that write (the reads stay as they are) */
    permissionOnWritesOnly?: boolean;
    /** The schema of the collection's path (list and create) */
    collectionParams?: string;
    /** Problem responses of the collection routes only (list, create) */
    collectionResponses?: readonly number[];
    /** Statements at the start of create, and the Location it answers with */
    createPreamble?: readonly string[];
    location?: string;
  };
  permissions?: readonly Grant[];
  prose?: Partial<TraitProse>;
  /** A line printed once the resource is written */
  note?: string;
}

/** What the prose of a resource says because of a trait; sentences start with a space. */
export interface TraitProse {
  /** What the routes and the service work on: `a project's tasks` */
  collection: string;
  /** What a list shows, in its summary */
  listed: string;
  createdIn: string;
  entity: string;
  repository: string;
  service: string;
  /** A parenthesis of the routes' doc: `404 when the project does not exist` */
  routes: string;
}

/** The generated test's part of a trait. */
export interface TestContributions {
  /** What the test file imports for it */
  imports?: readonly ImportSpec[];
  /** Declarations of the describe block, statements of beforeEach */
  declarations?: readonly string[];
  beforeEach?: readonly string[];
  /** The URL of the collection, when it is set in beforeEach */
  collectionUrl?: 'variable';
  /** Members of a created entity that the server sets: `ownerId: caller.user.id` */
  serverSet?: readonly { name: string; value: string }[];
  /** Expectations of the OpenAPI test */
  docs?: readonly string[];
  /** A describe block of its own */
  block?: PartialTemplate;
  /** A phrase of the create helper's doc */
  createdIn?: string;
}
