import type { FieldSpec, FieldType, OnDelete } from './field-spec.js';
import { parentParam, type ResourceNames } from './names.js';

/**
 * What each field type becomes in a generated service: its zod rules, its column, its row type, its defaults in
 * SQL and in TypeScript, its CHECK, and whether lists sort or filter by it. Every decision about a type is in
 * `typeRules`, one entry per type; the templates only insert the strings computed here.
 */

/** The most characters a string, email or url column holds when no max() is given. */
export const defaultMaxLength = 255;

/** Query parameters that every list takes: a field with one of these names cannot be a filter as well. */
export const listParameters = ['page', 'limit', 'sortBy', 'sortOrder'] as const;

/** Everything the templates need to write one field, in every file. */
export interface RenderedField {
  spec: FieldSpec;
  /** camelCase JSON property */
  name: string;
  /** snake_case column */
  column: string;
  optional: boolean;
  /** A line of explanation above the field's rules, or '' (said once per type: the first field of a type has it) */
  comment: string;
  /** A line of explanation above the field in the create body, or '' */
  createNote: string;
  /** The field's rules, as a zod expression: `z.string().min(1).max(255)` */
  rules: string;
  /** In the entity (response) schema, and in the create, replace and update bodies */
  entity: string;
  create: string;
  replace: string;
  update: string;
  /** The filter's schema, cast from the query string; '' when lists do not filter by this field */
  filter: string;
  /** How the filter casts the query string's text first, if it does */
  filterCast: 'number' | 'boolean' | '';
  /** The filter's value as the query compares it to the column (`filters.dueDate`) */
  filterValue: string;
  sortable: boolean;
  /** The column in the migration: its SQL type, and the builder calls after `col` (`.notNull().defaultTo(3)`) */
  columnType: string;
  columnBuilder: string;
  /** The SQL of its CHECK constraint, or '' */
  check: string;
  /** The column's type in the row interface, and a note after it (or '') */
  rowType: string;
  rowComment: string;
  /** The entity property from a row (`row.due_date`), and the column value from a request body */
  fromRow: string;
  fromInput: string;
  fromChanges: string;
  /** Set for a references field: the table it points at and what deleting a row there does */
  foreignKey?: { table: string; onDelete: OnDelete };
  /** The lib/json-values.ts helper its rules use, if any */
  jsonValuesHelper?: 'decimalString' | 'bigintString';
}

interface TypeRule {
  /** The zod rules, without null or default. */
  rules(field: FieldSpec): string;
  comment?(field: FieldSpec): string;
  column(field: FieldSpec): string;
  /** The column's type in the row interface (`Generated<boolean>`, `string | null`...). */
  rowType(field: FieldSpec, entityType: string): string;
  rowComment?: string;
  /** A list sorts by these types (ordered, and worth ordering by). */
  sortable: boolean;
  /** A list filters by these types (a few distinct values, or an id); `:index` makes any field a filter. */
  filterable: boolean;
  /** How a query string value is cast before the field's rules apply. */
  queryCast?: 'number' | 'boolean';
  /** The default, as the TypeScript of `.defaultTo(...)` in the migration and of `.default(...)` in zod. */
  sqlDefault(value: string, field: FieldSpec): string;
  zodDefault(value: string, field: FieldSpec): string;
  /** The SQL of the CHECK constraint, if the type has one. */
  check?(field: FieldSpec): string | undefined;
  /** The entity property from the row's column, when the row holds it differently. */
  fromRow?(field: FieldSpec, optional: boolean): string;
  /** The column's value from a body's property, when it is sent differently. */
  toColumn?(property: string): string;
  /** The value a filter compares the column to, when the query builder wants another type. */
  fromFilter?(property: string): string;
}

/**
 * PostgreSQL's reserved key words, and those that cannot name a function or type: a column or table named so
 * must be double-quoted in raw SQL (Kysely quotes the names it writes itself).
 */
const sqlKeywords = new Set(
  [
    'all analyse analyze and any array as asc asymmetric authorization between bigint binary bit boolean both case',
    'cast char character check coalesce collate collation column concurrently constraint create cross current_catalog',
    'current_date current_role current_schema current_time current_timestamp current_user dec decimal default',
    'deferrable desc distinct do else end except exists extract false fetch float for foreign freeze from full grant',
    'greatest group grouping having ilike in initially inner inout int integer intersect interval into is isnull join',
    'lateral leading least left like limit localtime localtimestamp national natural nchar none normalize not notnull',
    'null nullif numeric offset on only or order out outer overlaps overlay placing position precision primary real',
    'references returning right row select session_user setof similar smallint some substring symmetric system_user',
    'table tablesample then time timestamp to trailing treat trim true union unique user using values varchar',
    'variadic verbose when where window with',
  ]
    .join(' ')
    .split(' '),
);

/** A table or column name as raw SQL writes it: quoted when PostgreSQL would read it as a key word. */
export const sqlName = (name: string) => (sqlKeywords.has(name) ? `"${name}"` : name);

const quoted = (value: string) => tsString(value);
const asNumber = (value: string) => String(Number(value));

const lengthCheck = (field: FieldSpec, hasMaxColumn: boolean): string | undefined => {
  const min = field.minLength ?? 1;
  const max = hasMaxColumn ? undefined : field.maxLength;
  const length = `char_length(${sqlName(field.column)})`;
  if (min > 0 && max !== undefined) return `${length} BETWEEN ${min} AND ${max}`;
  if (min > 0) return `${length} >= ${min}`;
  if (max !== undefined) return `${length} <= ${max}`;
  return undefined;
};

const rangeCheck = (field: FieldSpec) =>
  field.range ? `${sqlName(field.column)} BETWEEN ${field.range.min} AND ${field.range.max}` : undefined;

/**
 * The row type of a column read and written as the same TypeScript type: `| null` when optional, Generated<> when
 * the database has a default.
 */
const sameType =
  (type: string) =>
  (field: FieldSpec): string => {
    const nullable = field.optional ? `${type} | null` : type;
    return field.defaultValue === undefined ? nullable : `Generated<${nullable}>`;
  };

/** The row type of a column read as one type and written as another (a Date read, an ISO string written). */
function readWritten(field: FieldSpec, read: string, written: string): string {
  const nullable = field.optional ? ' | null' : '';
  const insertable = `${written}${nullable}${field.defaultValue === undefined ? '' : ' | undefined'}`;
  return `ColumnType<${read}${nullable}, ${insertable}, ${written}${nullable}>`;
}

/** `.min(n).max(m)` for lengths; a min of 0 says nothing and is left out. */
function lengthRules(field: FieldSpec, { min, max }: { min?: number; max?: number }): string {
  return `${min ? `.min(${min})` : ''}${max !== undefined ? `.max(${max})` : ''}`;
}

/**
 * A range on values that travel as strings (decimal, bigint), checked only once the value is well-formed:
 * `read` turns the string into a comparable value, `literal` writes a bound in that type.
 */
function stringRangeRule(field: FieldSpec, read: string, literal: (bound: number) => string, noun: string): string {
  if (!field.range) return '';
  const { min, max } = field.range;
  const message = tsString(rangeMessage(noun, field.range));
  return (
    `.refine((value) => ${read} >= ${literal(min)} && ${read} <= ${literal(max)}, ` +
    `{ message: ${message}, when: (payload) => payload.issues.length === 0 })`
  );
}

/** The message of a range refused by stringRangeRule. */
export const rangeMessage = (noun: string, range: { min: number; max: number }) =>
  `Expected ${noun} from ${range.min} to ${range.max}`;

export const typeRules: Record<FieldType, TypeRule> = {
  string: {
    rules: (field) =>
      `z.string()${lengthRules(field, { min: field.minLength ?? 1, max: field.maxLength ?? defaultMaxLength })}`,
    column: (field) => `varchar(${field.maxLength ?? defaultMaxLength})`,
    rowType: sameType('string'),
    sortable: true,
    filterable: false,
    sqlDefault: quoted,
    zodDefault: quoted,
    check: (field) => lengthCheck(field, true),
  },
  text: {
    rules: (field) => `z.string()${lengthRules(field, { min: field.minLength ?? 1, max: field.maxLength })}`,
    column: () => 'text',
    rowType: sameType('string'),
    sortable: false,
    filterable: false,
    sqlDefault: quoted,
    zodDefault: quoted,
    check: (field) => lengthCheck(field, false),
  },
  email: {
    rules: (field) =>
      `z.email()${lengthRules(field, { min: field.minLength, max: field.maxLength ?? defaultMaxLength })}`,
    column: (field) => `varchar(${field.maxLength ?? defaultMaxLength})`,
    rowType: sameType('string'),
    sortable: true,
    filterable: false,
    sqlDefault: quoted,
    zodDefault: quoted,
    check: (field) => lengthCheck(field, true),
  },
  url: {
    rules: (field) =>
      `z.url({ protocol: /^https?$/ })${lengthRules(field, { min: field.minLength, max: field.maxLength ?? defaultMaxLength })}`,
    comment: () => 'Only http and https addresses: other schemes (javascript:, file:) are refused.',
    column: (field) => `varchar(${field.maxLength ?? defaultMaxLength})`,
    rowType: sameType('string'),
    sortable: false,
    filterable: false,
    sqlDefault: quoted,
    zodDefault: quoted,
    check: (field) => lengthCheck(field, true),
  },
  integer: {
    rules: (field) => `z.int32()${field.range ? `.min(${field.range.min}).max(${field.range.max})` : ''}`,
    column: () => 'integer',
    rowType: sameType('number'),
    sortable: true,
    filterable: true,
    queryCast: 'number',
    sqlDefault: asNumber,
    zodDefault: asNumber,
    check: rangeCheck,
  },
  bigint: {
    rules: (field) =>
      `bigintString()${stringRangeRule(field, 'BigInt(value)', (bound) => `${BigInt(bound)}n`, 'an integer')}`,
    comment: () => "bigint travels as a string ('9007199254740993'): a JSON number cannot hold every such value.",
    column: () => 'bigint',
    rowType: sameType('string'),
    rowComment: 'bigint comes back from pg as a string',
    sortable: true,
    filterable: true,
    sqlDefault: (value) => quoted(canonicalBigint(value)),
    zodDefault: (value) => quoted(canonicalBigint(value)),
    check: rangeCheck,
  },
  decimal: {
    rules: (field) =>
      `decimalString(${field.precision}, ${field.scale})${stringRangeRule(field, 'Number(value)', String, 'a number')}`,
    comment: (field) =>
      `decimal(${field.precision},${field.scale}) travels as a string ('${canonicalDecimal('1500', field.scale ?? 0)}'): ` +
      'a JSON number cannot hold every such value exactly.',
    column: (field) => `numeric(${field.precision}, ${field.scale})`,
    rowType: sameType('string'),
    rowComment: 'numeric comes back from pg as a string',
    sortable: true,
    filterable: false,
    sqlDefault: (value, field) => quoted(canonicalDecimal(value, field.scale ?? 0)),
    zodDefault: (value, field) => quoted(canonicalDecimal(value, field.scale ?? 0)),
    check: rangeCheck,
  },
  float: {
    rules: (field) => `z.number()${field.range ? `.min(${field.range.min}).max(${field.range.max})` : ''}`,
    column: () => 'double precision',
    rowType: sameType('number'),
    sortable: true,
    filterable: false,
    queryCast: 'number',
    sqlDefault: asNumber,
    zodDefault: asNumber,
    check: rangeCheck,
  },
  boolean: {
    rules: () => 'z.boolean()',
    column: () => 'boolean',
    rowType: sameType('boolean'),
    sortable: false,
    filterable: true,
    queryCast: 'boolean',
    sqlDefault: (value) => value,
    zodDefault: (value) => value,
  },
  date: {
    rules: () => 'z.iso.date()',
    comment: () => "date travels as 'YYYY-MM-DD': a calendar day, with no time or time zone to shift it.",
    column: () => 'date',
    rowType: sameType('string'),
    rowComment: "src/db/connection.ts keeps dates as 'YYYY-MM-DD' strings",
    sortable: true,
    filterable: true,
    sqlDefault: quoted,
    zodDefault: quoted,
  },
  datetime: {
    rules: () => 'z.iso.datetime({ offset: true })',
    comment: () =>
      "datetime takes any offset ('2026-03-01T10:30:00+01:00') and comes back in UTC ('2026-03-01T09:30:00.000Z').",
    column: () => 'timestamptz',
    rowType: (field) => readWritten(field, 'Date', 'string'),
    rowComment: 'read as a Date, written as an ISO 8601 string',
    sortable: true,
    filterable: false,
    sqlDefault: (value) => (value === 'now' ? 'sql`now()`' : quoted(new Date(value).toISOString())),
    zodDefault: (value) => quoted(new Date(value).toISOString()),
    fromRow: (field, optional) =>
      optional ? `row.${field.column}?.toISOString() ?? null` : `row.${field.column}.toISOString()`,
    fromFilter: (property) => `new Date(${property})`,
  },
  uuid: {
    rules: () => 'z.uuid()',
    column: () => 'uuid',
    rowType: sameType('string'),
    sortable: false,
    filterable: true,
    sqlDefault: (value) => quoted(value.toLowerCase()),
    zodDefault: (value) => quoted(value.toLowerCase()),
  },
  json: {
    rules: (field) =>
      field.optional
        ? 'z.json()'
        : "z.json().refine((value) => value !== null, 'Expected a JSON value other than null')",
    comment: () => 'json takes any JSON value (object, array, string, number, boolean), stored as jsonb.',
    column: () => 'jsonb',
    // JSON null is a value of the entity's type already; the column is written as text (or SQL NULL).
    rowType: (field, entityType) =>
      `ColumnType<${entityType}, string | null${field.defaultValue === undefined ? '' : ' | undefined'}, string | null>`,
    rowComment: 'read parsed, written as JSON text (toJsonText)',
    sortable: false,
    filterable: false,
    sqlDefault: (value) => quoted(JSON.stringify(JSON.parse(value))),
    zodDefault: (value) => JSON.stringify(JSON.parse(value)),
    toColumn: (property) => `toJsonText(${property})`,
  },
  enum: {
    rules: (field) => `z.enum([${(field.values ?? []).map(quoted).join(', ')}])`,
    column: () => 'text',
    // The entity's type is the union of the values (with null when the field is optional).
    rowType: (field, entityType) => (field.defaultValue === undefined ? entityType : `Generated<${entityType}>`),
    sortable: false,
    filterable: true,
    sqlDefault: quoted,
    zodDefault: quoted,
    check: (field) => `${sqlName(field.column)} IN (${(field.values ?? []).map((value) => `'${value}'`).join(', ')})`,
  },
  references: {
    rules: () => 'z.uuid()',
    comment: () =>
      'A reference travels as the id of the row it points at; one that does not exist is a 422 naming the field.',
    column: () => 'uuid',
    rowType: sameType('string'),
    sortable: false,
    filterable: true,
    sqlDefault: quoted,
    zodDefault: quoted,
  },
};

/**
 * Renders one field. `entityName` is the entity type (`Project`), which enum and json columns take their
 * TypeScript type from.
 */
export function renderField(field: FieldSpec, entityName: string): RenderedField {
  const rule = typeRules[field.type];
  const { name, column, optional } = field;
  const hasDefault = field.defaultValue !== undefined;
  // A datetime that defaults to now() is filled in by the database when the body leaves it out.
  const databaseFillsIn = field.type === 'datetime' && field.defaultValue === 'now';
  const rules = rule.rules(field);
  const fieldRef = `fields.${name}`;
  const nullable = optional ? '.nullable()' : '';

  const create = databaseFillsIn
    ? `${fieldRef}${nullable}.optional()`
    : hasDefault
      ? `${fieldRef}${nullable}.default(${rule.zodDefault(field.defaultValue!, field)})`
      : optional
        ? `${fieldRef}.nullable().default(null)`
        : fieldRef;

  const builder = [
    optional ? '' : '.notNull()',
    hasDefault ? `.defaultTo(${rule.sqlDefault(field.defaultValue!, field)})` : '',
  ].join('');

  const filterable =
    (rule.filterable || field.index) && !(listParameters as readonly string[]).includes(name) && field.type !== 'json';
  const filterRules =
    rule.queryCast === 'number'
      ? `z.coerce.number().pipe(${fieldRef})`
      : rule.queryCast === 'boolean'
        ? 'z.stringbool()'
        : fieldRef;

  const toColumn = rule.toColumn ?? ((property: string) => property);
  return {
    spec: field,
    name,
    column,
    optional,
    comment: rule.comment?.(field) ?? '',
    createNote: databaseFillsIn ? 'Left out, it is set by the database to the time of the insert.' : '',
    rules,
    entity: `${fieldRef}${nullable}`,
    create,
    replace: optional ? `${fieldRef}.nullable().default(null)` : fieldRef,
    update: `${fieldRef}${nullable}.optional()`,
    filter: filterable ? `${filterRules}.optional()` : '',
    filterCast: filterable ? (rule.queryCast ?? '') : '',
    filterValue: rule.fromFilter?.(`filters.${name}`) ?? `filters.${name}`,
    sortable: rule.sortable,
    columnType: rule.column(field),
    columnBuilder: builder,
    check: rule.check?.(field) ?? '',
    rowType: rule.rowType(field, `${entityName}['${name}']`),
    rowComment: rule.rowComment ?? '',
    fromRow: rule.fromRow?.(field, optional) ?? `row.${column}`,
    fromInput: toColumn(`input.${name}`),
    fromChanges: toColumn(`changes.${name}`),
    ...(field.references
      ? { foreignKey: { table: field.references.resource, onDelete: field.references.onDelete } }
      : {}),
    ...(field.type === 'decimal' ? { jsonValuesHelper: 'decimalString' as const } : {}),
    ...(field.type === 'bigint' ? { jsonValuesHelper: 'bigintString' as const } : {}),
  };
}

/** The key of a nested resource's parent: a read-only property of the entity, taken from the path. */
export function renderParentKey(field: FieldSpec, parent: ResourceNames) {
  return {
    /** The path parameter, named after the parent resource: `projectId` */
    param: parentParam(parent),
    /** The entity property and column, named after the field: usually the same `projectId`, `project_id` */
    name: field.name,
    column: field.column,
    optional: field.optional,
    entity: field.optional ? 'z.uuid().nullable()' : 'z.uuid()',
    rowType: field.optional ? 'string | null' : 'string',
    columnBuilder: field.optional ? '' : '.notNull()',
  };
}

/** How Kysely spells each ON DELETE action. */
export const onDeleteSql: Record<OnDelete, string> = {
  cascade: 'cascade',
  restrict: 'restrict',
  'set-null': 'set null',
};

/** A decimal as PostgreSQL writes it back: every decimal place of its scale ('1500' -> '1500.00'). */
export function canonicalDecimal(value: string, scale: number): string {
  const negative = value.startsWith('-');
  const [integerPart = '0', fractionPart = ''] = (negative ? value.slice(1) : value).split('.');
  const integer = integerPart.replace(/^0+(?=\d)/, '');
  const fraction = fractionPart.padEnd(scale, '0').slice(0, scale);
  const text = scale > 0 ? `${integer}.${fraction}` : integer;
  return negative && /[1-9]/.test(text) ? `-${text}` : text;
}

export const canonicalBigint = (value: string) => BigInt(value).toString();

/** A single-quoted TypeScript string literal, as Prettier writes them. */
export function tsString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n')}'`;
}
