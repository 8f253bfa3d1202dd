import { withArticle } from '../render-names.js';
import { sameType } from './row-types.js';
import { refusedDefault, type FieldTypeDefinition, rangeOperators } from './types.js';
import { tsString } from './typescript-literals.js';

/** A calendar day, 'YYYY-MM-DD' that names a real day (no February 30th). */
function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** A calendar day: a date column, sent and returned as 'YYYY-MM-DD'. */
export const dateType: FieldTypeDefinition = {
  modifiers: ['unique', 'index'],
  defaultProblem: (value) => (isIsoDate(value) ? undefined : refusedDefault(value, 'a date (YYYY-MM-DD)')),

  rules: () => 'z.iso.date()',
  comment: () => "date travels as 'YYYY-MM-DD': a calendar day, with no time or time zone to shift it.",
  column: () => 'date',
  rowType: sameType('string'),
  rowComment: "src/db/connection.ts keeps dates as 'YYYY-MM-DD' strings",
  sqlDefault: tsString,
  zodDefault: tsString,

  sortable: true,
  filterOperators: rangeOperators,
  filterIndex: true,
  chronological: true,

  samples: (field, proseName) => ({
    examples: ['2026-04-01', '2026-05-01', '2026-06-01', '2026-07-01'],
    // Day n of 2026 (Date.UTC counts on past the end of a month).
    unique: 'new Date(Date.UTC(2026, 0, n)).toISOString().slice(0, 10)',
    distinctValues: Number.MAX_SAFE_INTEGER,
    invalid: [
      {
        description: `${withArticle(proseName)} with no such day`,
        value: "'2026-02-30'",
        message: '/Invalid ISO date/',
      },
      {
        description: `${withArticle(proseName)} in another format`,
        value: "'01/03/2026'",
        message: '/Invalid ISO date/',
      },
      {
        description: `${withArticle(proseName)} with a time`,
        value: "'2026-03-01T10:00:00Z'",
        message: '/Invalid ISO date/',
      },
    ],
    missingMessage: '/expected string, received undefined/',
    invalidQuery: tsString(`?${field.name}=March`),
  }),
  responseDefault: tsString,
};
