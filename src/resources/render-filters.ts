import type { FilterOperator } from './field-types/types.js';
import type { ResourceNames } from './names.js';
import type { RenderedField } from './render-fields.js';
import { tsString } from './render-fields.js';
import { docComment } from './render-names.js';
import { prose } from './render-samples.js';

/**
 * The filters of a resource's lists: one query parameter per field and operator, each with its schema (cast from
 * the query string, checked by the field's rules), its line in the OpenAPI document, and its condition in SQL.
 * Equality is the field's own name (`?price=10`); every other operator follows it in brackets (`?price[gte]=10`),
 * as Stripe's API writes them: Fastify's query parser keeps `price[gte]` as one key, so each filter is one named
 * parameter, validated and documented like any other, and an unknown operator is an unknown key (a 400).
 */

/** Everything the templates need to write one filter. */
export interface RenderedFilter {
  /** The query parameter, as a property of an object literal: `price`, `'price[gte]'` */
  property: string;
  /** The filter's schema, with its description: `numberQuerySchema(fields.stock).optional().describe(...)` */
  schema: string;
  /** The arguments of the repository's `.where()`: `'price', '>=', filters['price[gte]']` */
  condition: string;
  /** The filter's value in the repository: `filters.price`, `filters['price[gte]']` */
  value: string;
}

/** How each operator compares, in SQL, and what its description says the rows are. */
const operators: Record<
  FilterOperator,
  { sql: string; describe(field: RenderedField, what: string): string; schema?(field: RenderedField): string }
> = {
  eq: {
    sql: '=',
    describe: (field, what) => `${what} equals this${field.filterCast === 'boolean' ? ' (true or false)' : ''}`,
  },
  gt: { sql: '>', describe: (field, what) => `${what} is ${field.chronological ? 'after' : 'above'} this` },
  gte: {
    sql: '>=',
    describe: (field, what) => `${what} is ${field.chronological ? 'this or after' : 'this or above'}`,
  },
  lt: { sql: '<', describe: (field, what) => `${what} is ${field.chronological ? 'before' : 'below'} this` },
  lte: {
    sql: '<=',
    describe: (field, what) => `${what} is ${field.chronological ? 'this or before' : 'this or below'}`,
  },
  contains: {
    sql: 'ilike',
    describe: (_, what) => `${what} contains this text, in any case`,
    schema: () => 'containsQuerySchema',
  },
  in: {
    sql: 'in',
    describe: (field, what) =>
      `${what} is one of these, comma-separated${field.spec.values ? ` (${field.spec.values.join(',')})` : ''}`,
    schema: (field) => `listQuerySchema(fields.${field.name})`,
  },
};

/** The query parameter of a filter: the field's name, then the operator in brackets unless it is equality. */
export const filterKey = (field: { name: string }, operator: FilterOperator) =>
  operator === 'eq' ? field.name : `${field.name}[${operator}]`;

/** The filters of every field, in the order of the fields, each field's in the order its type lists them. */
export function renderFilters(fields: readonly RenderedField[], names: ResourceNames): RenderedFilter[] {
  return fields.flatMap((field) =>
    field.filterOperators.map((operator) => {
      const key = filterKey(field, operator);
      const own = operators[operator];
      const value = operator === 'eq' ? `filters.${key}` : `filters[${tsString(key)}]`;
      const description = own.describe(field, `Only ${names.pluralWords} whose ${prose(field.name)}`);
      const compared = operator === 'contains' ? `containsPattern(${value})` : field.fromFilter(value);
      return {
        property: operator === 'eq' ? key : tsString(key),
        schema: `${own.schema?.(field) ?? field.queryValue}.optional().describe(${tsString(description)})`,
        condition: `'${field.column}', '${own.sql}', ${compared}`,
        value,
      };
    }),
  );
}

/** The doc comment of the filters schema: the syntax of the operators the resource's fields have, by example. */
export function filtersDoc(fields: readonly RenderedField[]): string {
  const example = (operator: FilterOperator) => {
    const field = fields.find((each) => each.filterOperators.includes(operator));
    return field ? ` (\`${filterKey(field, operator)}\`)` : undefined;
  };
  const parts = [
    ["a field's name asks for equality", example('eq')],
    ['[gt], [gte], [lt] or [lte] after it for a range', example('gte')],
    ['[contains] for part of a text, in any case', example('contains')],
    ['[in] for one of a comma-separated list', example('in')],
  ].flatMap(([text, shown]) => (shown ? [`${text}${shown}`] : []));
  if (parts.length === 0) {
    return docComment(
      'The filters of a list: none, as lists filter by no json field, nor by one named like page or limit.',
    );
  }
  return docComment(
    `The filters of a list, each an optional query parameter, cast from the query string and checked by its ` +
      `field's rules: ${parts.join(', ')}. An unknown parameter or operator is a 400.`,
  );
}
