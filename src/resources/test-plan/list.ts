import { tsString, type RenderedField } from '../render-fields.js';
import { prose, tsLiteral } from '../render-samples.js';
import type { TestPlanBasis } from './index.js';

/** A "filters by" test: the rows it makes, the query that finds one of them, and one the filter refuses. */
interface FilterCase {
  name: string;
  prose: string;
  cast: boolean;
  invalidQuery: string;
  setup: string[];
  matching: string;
  other: string;
  query: string;
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

  const filters = fields.filter((field) => field.filter).flatMap((field) => filterCases(basis, field));
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
  };
}

/** The test of a filter: by a new row for a reference, by the row's own value for a unique field, else by value. */
function filterCases(basis: TestPlanBasis, field: RenderedField): FilterCase[] {
  const values = basis.samples(field);
  const cast = field.filterCast !== '';
  const common = { name: field.name, prose: prose(field.name), cast, invalidQuery: values.invalidQuery };
  if (field.spec.references) {
    const variable = basis.unusedName('target');
    return [
      {
        ...common,
        setup: [`const ${variable} = await ${basis.rowHelpers.for(field.spec.references.resource)}();`],
        matching: `{ ${field.name}: ${variable}.id }`,
        other: '',
        query: `\`?${field.name}=\${${variable}.id}\``,
      },
    ];
  }
  if (field.spec.unique) {
    const read = `matching.${field.name}`;
    const value = typeof values.examples[0] === 'string' ? `encodeURIComponent(${read})` : read;
    return [{ ...common, setup: [], matching: '', other: '', query: `\`?${field.name}=\${${value}}\`` }];
  }
  if (values.examples.length < 2) return [];
  const [matching, other] = values.examples;
  const fixed = {
    matching: `${field.name}: ${tsLiteral(matching)}`,
    other: `${field.name}: ${tsLiteral(other)}`,
    parameter: `${field.name}=${encodeURIComponent(String(matching))}`,
  };
  return [
    {
      ...common,
      setup: [],
      matching: `{ ${fixed.matching} }`,
      other: `{ ${fixed.other} }`,
      query: tsString(`?${fixed.parameter}`),
      fixed,
    },
  ];
}
