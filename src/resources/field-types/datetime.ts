import type { FieldSpec } from '../field-spec.js';
import { withArticle } from '../render-names.js';
import { refusedDefault, type FieldTypeDefinition, rangeOperators } from './types.js';
import { tsString } from './typescript-literals.js';

/** `now` as a default is the time of the insert, which the database fills in. */
const isNow = (value: string | undefined) => value === 'now';

/** A date-time as the API writes it back: in UTC ('2026-03-01T10:30:00+01:00' -> '2026-03-01T09:30:00.000Z'). */
const inUtc = (value: string) => tsString(new Date(value).toISOString());

/** A moment in time: a timestamptz column, sent with any offset and returned in UTC as ISO 8601. */
export const datetimeType: FieldTypeDefinition = {
  modifiers: ['unique', 'index'],
  defaultProblem: (value) =>
    isNow(value) || !Number.isNaN(Date.parse(value))
      ? undefined
      : refusedDefault(value, 'now or an ISO 8601 date-time'),

  rules: () => 'z.iso.datetime({ offset: true })',
  comment: () =>
    "datetime takes any offset ('2026-03-01T10:30:00+01:00') and comes back in UTC ('2026-03-01T09:30:00.000Z').",
  column: () => 'timestamptz',
  rowType: readAsDateWrittenAsString,
  rowComment: 'read as a Date, written as an ISO 8601 string',
  sqlDefault: (value) => (isNow(value) ? 'sql`now()`' : inUtc(value)),
  zodDefault: inUtc,
  databaseFillsIn: (field) =>
    isNow(field.defaultValue) ? 'Left out, it is set by the database to the time of the insert.' : undefined,
  fromRow: (field) =>
    field.optional ? `row.${field.column}?.toISOString() ?? null` : `row.${field.column}.toISOString()`,

  sortable: true,
  filterOperators: rangeOperators,
  chronological: true,
  fromFilter: (property) => `new Date(${property})`,

  samples: (field, proseName) => ({
    examples: [
      '2026-03-01T09:30:00.000Z',
      '2026-03-02T09:30:00.000Z',
      '2026-03-03T09:30:00.000Z',
      '2026-03-04T09:30:00.000Z',
    ],
    // Minute n of 2026.
    unique: 'new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString()',
    distinctValues: Number.MAX_SAFE_INTEGER,
    normalized: {
      input: '2026-03-04T10:30:00+01:00',
      stored: '2026-03-04T09:30:00.000Z',
      note: 'a datetime comes back in UTC',
    },
    invalid: [
      {
        description: `${withArticle(proseName)} without a time`,
        value: "'2026-03-01'",
        message: '/Invalid ISO datetime/',
      },
      {
        description: `${withArticle(proseName)} without a time zone`,
        value: "'2026-03-01T10:00:00'",
        message: '/Invalid ISO datetime/',
      },
    ],
    missingMessage: '/expected string, received undefined/',
    invalidQuery: tsString(`?${field.name}=yesterday`),
  }),
  // The time of the insert cannot be known in advance, only its form.
  responseDefault: (value) => (isNow(value) ? 'expect.stringMatching(isoDateTime)' : inUtc(value)),
};

/** The row type of a column read as a Date and written as an ISO string. */
function readAsDateWrittenAsString(field: FieldSpec): string {
  const nullable = field.optional ? ' | null' : '';
  const insertable = `string${nullable}${field.defaultValue === undefined ? '' : ' | undefined'}`;
  return `ColumnType<Date${nullable}, ${insertable}, string${nullable}>`;
}
