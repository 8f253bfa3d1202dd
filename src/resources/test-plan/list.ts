import type { FilterOperator } from '../field-types/types.js';
import { tsString, type RenderedField } from '../render-fields.js';
import { filterKey } from '../render-filters.js';
import { prose, tsLiteral } from '../render-samples.js';
import type { TestPlanBasis } from './index.js';

/**
 * A "filters by" test of one field: the rows it makes, in order (each a variable, or '' when no check names it), a
 * query that the first row does not match (an empty page), the queries of each operator with the ids of the rows
 * they find, and the filter values refused. Several ids are compared in any order: rows made within one millisecond
 * tie on createdAt, the default sort, and then come in the order of their random ids.
 */
interface FilterCase {
  name: string;
  prose: string;
  /** What the test shows, after "filters by <field>": `: equal, range, contains` */
  operators: string;
  cast: boolean;
  setup: string[];
  rows: { variable: string; values: string }[];
  /** Made before the empty check (the first row), then the others */
  firstRow: { variable: string; values: string };
  otherRows: { variable: string; values: string }[];
  emptyQuery: string;
  checks: { comment?: string; query: string; ids: string; anyOrder?: boolean }[];
  refusals: { query: string; path: string }[];
  /** The refusal, when there is only one */
  refusal?: { query: string; path: string };
  /** For a filter by a fixed value, which other filters can combine with */
  fixed?: { matching: string; other: string; parameter: string };
}

/** How many rows one test makes at most, by kind of test: a unique field with few values limits them. */
const rowsNeeded = { page: 21, five: 5, sorts: 3 };

/** GET of the collection: which pages, sorts and filters the tests can show with the rows they can make. */
export function listSection(basis: TestPlanBasis) {
  const { fields } = basis;
  const capacity = basis.rowHelpers.capacity(basis.model, { includeParent: false });
  const sorts =
    capacity >= rowsNeeded.sorts
      ? fields
          .filter((field) => field.sortable && basis.samples(field).examples.length >= 3)
          .map((field) => {
            const [lowest, middle, highest] = basis.samples(field).examples.map(tsLiteral);
            return { name: field.name, prose: prose(field.name), lowest, middle, highest };
          })
      : [];

  const filters = fields.flatMap((field) => filterCase(basis, field, capacity) ?? []);
  const filtered = fields.find((field) => field.filterOperators.length > 0);
  // Two filters together: only the row that matches both counts.
  const [first, second] = filters.flatMap((filter) => (filter.fixed ? [filter.fixed] : []));
  const combinedFilters =
    first && second && capacity >= rowsNeeded.sorts
      ? {
          both: `{ ${first.matching}, ${second.matching} }`,
          firstOnly: `{ ${first.matching}, ${second.other} }`,
          secondOnly: `{ ${first.other}, ${second.matching} }`,
          query: tsString(`?${first.parameter}&${second.parameter}&limit=1`),
        }
      : false;

  return {
    rows: { page: capacity >= rowsNeeded.page, five: capacity >= rowsNeeded.five },
    sorts,
    notSortable: fields.find((field) => !field.sortable)?.name ?? 'id',
    filters,
    combinedFilters,
    // An operator no type has, after the first field a list filters by.
    unknownOperator: filtered ? `${filtered.name}[foo]` : '',
  };
}

/** The words of each operator in the name of a test. */
const operatorWords: Partial<Record<FilterOperator, string>> = {
  eq: 'equal',
  gt: 'range',
  contains: 'contains',
  in: 'in a list',
};

/**
 * The test of a field's filters. A reference is shown with a row it points at, made for the test; any other field
 * with its examples: up to three rows, ascending (lowest, middle, highest) for a range, and fewer when the type or
 * a unique field allows fewer rows.
 */
function filterCase(basis: TestPlanBasis, field: RenderedField, capacity: number): FilterCase | undefined {
  const operators = field.filterOperators;
  if (operators.length === 0) return undefined;
  const samples = basis.samples(field);
  const refusals = samples.invalidQuery ? [{ query: samples.invalidQuery, path: `query.${field.name}` }] : [];
  const common = {
    name: field.name,
    prose: prose(field.name),
    cast: field.filterCast !== '',
    refusals,
  };
  const parameter = (operator: FilterOperator, value: unknown) => `${filterKey(field, operator)}=${queryValue(value)}`;
  const query = (...parameters: string[]) => tsString(`?${parameters.join('&')}`);

  if (field.spec.references) {
    const target = basis.unusedName('target');
    const byTarget = `\`?${field.name}=\${${target}.id}\``;
    return withRows({
      ...common,
      operators: '',
      setup: [`const ${target} = await ${basis.rowHelpers.for(field.spec.references.resource)}();`],
      rows: [
        { variable: 'other', values: '' },
        { variable: 'matching', values: `{ ${field.name}: ${target}.id }` },
      ],
      emptyQuery: byTarget,
      checks: [{ query: byTarget, ids: 'matching.id' }],
    });
  }

  const examples = samples.examples.slice(0, Math.min(3, capacity));
  if (examples.length < 2) return undefined;
  const ranged = operators.includes('gt') && examples.length === 3;
  const variables = ranged ? ['lowest', 'middle', 'highest'] : ['matching', 'other', 'third'];
  const rows = examples.map((value, index) => ({
    variable: variables[index]!,
    values: `{ ${field.name}: ${tsLiteral(value)} }`,
  }));
  const [first, second] = examples;
  const checks: FilterCase['checks'] = [];
  if (ranged) {
    const [lowest, middle, highest] = examples;
    checks.push(
      { query: query(parameter('eq', middle)), ids: 'middle.id' },
      { query: query(parameter('gt', lowest), parameter('lt', highest)), ids: 'middle.id' },
      { query: query(parameter('gte', middle)), ids: 'highest.id, middle.id' },
      { query: query(parameter('lte', middle)), ids: 'middle.id, lowest.id' },
    );
    if (samples.invalidQuery) {
      refusals.push({
        query: samples.invalidQuery.replace(`?${field.name}=`, `?${field.name}[gte]=`),
        path: `query.${field.name}[gte]`,
      });
    }
  } else {
    checks.push({ query: query(parameter('eq', first)), ids: `${variables[0]}.id` });
  }
  if (operators.includes('contains')) {
    const part = distinctPart(String(first), examples.slice(1).map(String));
    checks.push(
      {
        comment: 'Part of the text, in another case',
        query: query(parameter('contains', part)),
        ids: `${variables[0]}.id`,
      },
      { comment: '% and _ stand for themselves, not for any text', query: query(parameter('contains', '%')), ids: '' },
      { query: query(parameter('contains', '_')), ids: '' },
    );
  }
  if (operators.includes('in')) {
    checks.push({
      query: query(`${filterKey(field, 'in')}=${[first, second].map(queryValue).join(',')}`),
      ids: `${variables[1]}.id, ${variables[0]}.id`,
    });
    refusals.push({
      query: query(`${filterKey(field, 'in')}=${queryValue(first)},0`),
      path: `query.${filterKey(field, 'in')}.1`,
    });
  }
  const fixed = field.spec.unique
    ? undefined
    : {
        matching: `${field.name}: ${tsLiteral(first)}`,
        other: `${field.name}: ${tsLiteral(second)}`,
        parameter: parameter('eq', first),
      };
  return withRows({
    ...common,
    operators: [...new Set(operators.flatMap((operator) => operatorWords[operator] ?? []))].join(', '),
    setup: [],
    rows,
    // The second row's value: none matches it until that row is made.
    emptyQuery: query(parameter('eq', second)),
    checks,
    ...(fixed ? { fixed } : {}),
  });
}

/** The case with its rows split around the empty check; a row no check names is made without a variable. */
function withRows(filterCase: Omit<FilterCase, 'firstRow' | 'otherRows' | 'refusal'>): FilterCase {
  const named = (row: { variable: string; values: string }) => ({
    ...row,
    variable: filterCase.checks.some((check) => check.ids.includes(`${row.variable}.id`)) ? row.variable : '',
  });
  const [firstRow, ...otherRows] = filterCase.rows.map(named);
  const firstOfSeveral = filterCase.checks.findIndex((check) => check.ids.includes(','));
  const checks = filterCase.checks.map((check, index) => ({
    ...check,
    anyOrder: check.ids.includes(','),
    ...(index === firstOfSeveral && !check.comment
      ? { comment: 'Several rows in any order: made in one millisecond, they tie on createdAt, the default sort' }
      : {}),
  }));
  // One refused value is checked as it is; more, in a loop.
  const refusal = filterCase.refusals.length === 1 ? filterCase.refusals[0] : undefined;
  return { ...filterCase, checks, firstRow: firstRow!, otherRows, refusal };
}

/**
 * A part of `text` that none of `others` contains, whatever the case, in the other case (`A title` -> `A T`): what
 * a contains filter finds `text` by, and only it. The whole text when no shorter part will do.
 */
function distinctPart(text: string, others: string[]): string {
  const lowerOthers = others.map((other) => other.toLowerCase());
  for (let length = Math.min(3, text.length); length <= text.length; length++) {
    for (let start = 0; start + length <= text.length; start++) {
      const part = text.slice(start, start + length);
      if (!lowerOthers.some((other) => other.includes(part.toLowerCase()))) return otherCase(part);
    }
  }
  return otherCase(text);
}

/**
 * A value as a query string carries it: encoded, except for the characters that mean nothing there and read better
 * as they are (`2026-03-01T09:30:00.000Z`, `a@example.com`, `https://example.com/a`).
 */
const queryValue = (value: unknown) =>
  encodeURIComponent(String(value)).replace(/%(3A|40|2F)/g, (escape) => decodeURIComponent(escape));

/** Upper case, or lower case when the text is upper case already. */
const otherCase = (text: string) => (text === text.toUpperCase() ? text.toLowerCase() : text.toUpperCase());
