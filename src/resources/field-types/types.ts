import type { FieldSpec, Modifier } from '../field-spec.js';

/**
 * Everything the generator knows about one field type, from the field language to the generated tests: what
 * the type takes on the command line, its zod rules, its column, its row type, its defaults, its CHECK, how
 * lists sort and filter by it, and the values its tests send. Each type is one module beside this one.
 */
export interface FieldTypeDefinition {
  // In the field language
  /** Reads the arguments written after the type (`decimal(12,2)`); a type without this takes none. */
  readArguments?(args: string[] | undefined, fail: (problem: string) => never): TypeArguments;
  /** The modifiers it takes besides `?`; any other is refused, naming the types that take it. */
  modifiers: readonly Modifier[];
  /** Its range() takes whole numbers only. */
  wholeNumbers?: boolean;
  /** The property's name (before camelCase) when it is not the name as written. */
  propertyName?(written: string): string;
  /** Why `value` cannot be the field's default (see refusedDefault), or undefined when it can. */
  defaultProblem(value: string, field: FieldSpec): string | undefined;

  // In the schemas, the migration, the row and the repository
  /** The zod rules, without null or default. */
  rules(field: FieldSpec): string;
  /** A line of explanation above the rules of the first field of this type, if it needs one. */
  comment?(field: FieldSpec): string;
  /** The helper from the generated lib/json-values.ts that its rules use, if any. */
  jsonValuesHelper?: 'decimalString' | 'bigintString';
  /** The column's SQL type in the migration. */
  column(field: FieldSpec): string;
  /** The SQL of the CHECK constraint, if the type has one. */
  check?(field: FieldSpec): string | undefined;
  /** The column's type in the row interface (`Generated<boolean>`, `string | null`...). */
  rowType(field: FieldSpec, entityType: string): string;
  /** A note after the row type, where the row holds the value differently from the entity. */
  rowComment?: string;
  /** The default, as the TypeScript of `.defaultTo(...)` in the migration and of `.default(...)` in zod. */
  sqlDefault(value: string, field: FieldSpec): string;
  zodDefault(value: string, field: FieldSpec): string;
  /**
   * When the database fills in the field for a create body that leaves it out, the note that says so above it in
   * the body; the body then leaves it optional instead of giving it the default.
   */
  databaseFillsIn?(field: FieldSpec): string | undefined;
  /** The entity property from the row's column, when the row holds it differently. */
  fromRow?(field: FieldSpec): string;
  /** The column's value from a body's property, when it is sent differently. */
  toColumn?(property: string): string;

  // In lists
  /** A list sorts by it (it is ordered, and worth ordering by). */
  sortable: boolean;
  /** How a list filters by it: the operators of its query parameters (none: lists do not filter by it). */
  filterOperators: readonly FilterOperator[];
  /**
   * Lists filter by it often, on an id or a few distinct values, so its column gets an index as a sort field's does.
   * Other fields filter too; one that is asked for often on a large table takes an index with `:index`.
   */
  filterIndex?: boolean;
  /** Its values are moments (dates, times): a range reads "before" and "after" rather than "below" and "above". */
  chronological?: boolean;
  /** How a query string value is cast before the field's rules apply. */
  queryCast?: 'number' | 'boolean';
  /** The value a filter compares the column to, when the query builder wants another type. */
  fromFilter?(property: string): string;

  // In the generated tests
  /** Values for the generated tests; `proseName` is the field's name in prose (`due date`). */
  samples(field: FieldSpec, proseName: string): TypeSamples;
  /** The default as a response holds it, as the TypeScript the tests expect. */
  responseDefault(value: string, field: FieldSpec): string;
}

/**
 * An operator of a list's filters, each a query parameter: `eq` is the field's own name (`?price=10`), the others
 * follow it in brackets (`?price[gte]=10`). gt, gte, lt and lte bound a range; contains finds part of a text, in
 * any case; in takes a comma-separated list of values.
 */
export type FilterOperator = 'eq' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains' | 'in';

/** The operators of ordered values (numbers, dates): equal, and a range with inclusive or exclusive bounds. */
export const rangeOperators = ['eq', 'gt', 'gte', 'lt', 'lte'] as const satisfies readonly FilterOperator[];

/** The operators of free text (string, text, email, url): equal, and contains, ignoring case. */
export const textOperators = ['eq', 'contains'] as const satisfies readonly FilterOperator[];

/** What the arguments of a type set on its field. */
export type TypeArguments = Pick<FieldSpec, 'precision' | 'scale' | 'values' | 'references'>;

/** The message of a default the type cannot hold: `the default "x" is not a uuid`. */
export const refusedDefault = (value: string, expected: string) => `the default "${value}" is not ${expected}`;

/**
 * Values for the generated tests: valid ones (ascending, for sorting), one per row that no other row has (for
 * unique fields), what the API writes back, and invalid ones with the message each is refused with. Values are
 * TypeScript expressions; `n` in a unique value is the number of the row being made.
 */
export interface FieldSamples {
  /** Distinct valid values (JSON values), ascending where the type is ordered. */
  examples: unknown[];
  /** A value no other row has, made from the row number `n`; set for unique fields. */
  unique?: string;
  /** How many rows can have distinct values (unique fields), before the values repeat. */
  distinctValues: number;
  /** A value sent in a form the API normalizes, and how it comes back (`'1500.5'` -> `'1500.50'`) */
  normalized?: { input: unknown; stored: unknown; note: string };
  /** The field's default, as the API writes it back */
  defaultResponse?: string;
  /** Values the body refuses, each with its message; a missing required field is added by the caller. */
  invalid: InvalidValue[];
  /** The message when a required field is missing */
  missingMessage: string;
  /** A query string that the field's equality filter refuses, as TypeScript (a string literal or template), if any */
  invalidQuery?: string;
}

/** The samples a type gives any field of it; the default's response is the field's own. */
export type TypeSamples = Omit<FieldSamples, 'defaultResponse'>;

export interface InvalidValue {
  /** Completes "returns 400 naming the field for ...": `a title under 3 characters` */
  description: string;
  /** TypeScript expression of the value sent */
  value: string;
  /** The validation message it gets, as a regular expression literal */
  message: string;
}
