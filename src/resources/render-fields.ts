import type { FieldSpec, OnDelete } from './field-spec.js';
import { fieldTypeDefinitions } from './field-types/index.js';
import type { FilterOperator } from './field-types/types.js';
import { parentParam, type ResourceNames } from './names.js';

/**
 * What a field becomes in a generated service, in every file: the strings the templates insert. What differs by
 * type (rules, column, row type, defaults, CHECK, sorting and filtering) is asked of the type's module in
 * field-types/; this module puts the answers together.
 */

export { canonicalBigint } from './field-types/bigint.js';
export { canonicalDecimal } from './field-types/decimal.js';
export { defaultMaxLength } from './field-types/lengths.js';
export { rangeMessage } from './field-types/numbers.js';
export { onDeleteSql } from './field-types/references.js';
export { sqlName } from './field-types/sql-names.js';
export { tsString } from './field-types/typescript-literals.js';

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
  /** The operators a list filters by this field with (see render-filters.ts); none when it does not filter by it */
  filterOperators: readonly FilterOperator[];
  /** The schema of a filter's value, cast from the query string: `numberQuerySchema(fields.priority)` */
  queryValue: string;
  /** How that schema casts the query string's text first, if it does */
  filterCast: 'number' | 'boolean' | '';
  /** Its column gets an index for lists that filter by it (see FieldTypeDefinition.filterIndex) */
  filterIndex: boolean;
  /** A range of its values reads "before" and "after" (dates, times) */
  chronological: boolean;
  /** A filter's value as the query compares it to the column: `new Date(value)` for `value` */
  fromFilter(value: string): string;
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

/**
 * Renders one field. `entityName` is the entity type (`Project`), which enum and json columns take their
 * TypeScript type from.
 */
export function renderField(field: FieldSpec, entityName: string): RenderedField {
  const type = fieldTypeDefinitions[field.type];
  const { name, column, optional } = field;
  const hasDefault = field.defaultValue !== undefined;
  // The note above a field the database fills in when the body leaves it out, which the body then leaves optional.
  const filledInByDatabase = type.databaseFillsIn?.(field);
  const fieldRef = `fields.${name}`;
  const nullable = optional ? '.nullable()' : '';

  const create = filledInByDatabase
    ? `${fieldRef}${nullable}.optional()`
    : hasDefault
      ? `${fieldRef}${nullable}.default(${type.zodDefault(field.defaultValue!, field)})`
      : optional
        ? `${fieldRef}.nullable().default(null)`
        : fieldRef;

  const builder = [
    optional ? '' : '.notNull()',
    hasDefault ? `.defaultTo(${type.sqlDefault(field.defaultValue!, field)})` : '',
  ].join('');

  // A field named like a parameter every list takes (page, limit...) cannot be a filter as well.
  const filterOperators = (listParameters as readonly string[]).includes(name) ? [] : type.filterOperators;
  const queryValue =
    type.queryCast === 'number'
      ? `numberQuerySchema(${fieldRef})`
      : type.queryCast === 'boolean'
        ? 'z.stringbool()'
        : fieldRef;

  const toColumn = type.toColumn ?? ((property: string) => property);
  return {
    spec: field,
    name,
    column,
    optional,
    comment: type.comment?.(field) ?? '',
    createNote: filledInByDatabase ?? '',
    rules: type.rules(field),
    entity: `${fieldRef}${nullable}`,
    create,
    replace: optional ? `${fieldRef}.nullable().default(null)` : fieldRef,
    update: `${fieldRef}${nullable}.optional()`,
    filterOperators,
    queryValue,
    filterCast: filterOperators.length > 0 ? (type.queryCast ?? '') : '',
    filterIndex: filterOperators.length > 0 && (type.filterIndex ?? false),
    chronological: type.chronological ?? false,
    fromFilter: type.fromFilter ?? ((value) => value),
    sortable: type.sortable,
    columnType: type.column(field),
    columnBuilder: builder,
    check: type.check?.(field) ?? '',
    rowType: type.rowType(field, `${entityName}['${name}']`),
    rowComment: type.rowComment ?? '',
    fromRow: type.fromRow?.(field) ?? `row.${column}`,
    fromInput: toColumn(`input.${name}`),
    fromChanges: toColumn(`changes.${name}`),
    ...(field.references
      ? { foreignKey: { table: field.references.resource, onDelete: field.references.onDelete } }
      : {}),
    ...(type.jsonValuesHelper ? { jsonValuesHelper: type.jsonValuesHelper } : {}),
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
