import { withArticle } from '../render-names.js';
import { refusedDefault, type FieldTypeDefinition } from './types.js';
import { tsLiteral, tsString } from './typescript-literals.js';

/** Any JSON value, stored as jsonb; it takes no unique or index, so lists neither sort nor filter by it. */
export const jsonType: FieldTypeDefinition = {
  modifiers: [],
  defaultProblem: (value) => {
    try {
      JSON.parse(value);
      return undefined;
    } catch {
      return refusedDefault(value, 'valid JSON');
    }
  },

  rules: (field) =>
    field.optional ? 'z.json()' : "z.json().refine((value) => value !== null, 'Expected a JSON value other than null')",
  comment: () => 'json takes any JSON value (object, array, string, number, boolean), stored as jsonb.',
  column: () => 'jsonb',
  // JSON null is a value of the entity's type already; the column is written as text (or SQL NULL).
  rowType: (field, entityType) =>
    `ColumnType<${entityType}, string | null${field.defaultValue === undefined ? '' : ' | undefined'}, string | null>`,
  rowComment: 'read parsed, written as JSON text (toJsonText)',
  sqlDefault: (value) => tsString(JSON.stringify(JSON.parse(value))),
  zodDefault: (value) => JSON.stringify(JSON.parse(value)),
  toColumn: (property) => `toJsonText(${property})`,

  sortable: false,
  filterOperators: [],

  samples: (field, proseName) => ({
    // An array is the value the pg driver would get wrong if it were not sent as JSON text.
    examples: [{ a: 1 }, ['b', 2], { c: [true, null] }],
    // json cannot be unique (the field language refuses it), so it needs no value per row.
    distinctValues: Number.MAX_SAFE_INTEGER,
    invalid: field.optional
      ? []
      : [
          {
            description: `${withArticle(proseName)} of null`,
            value: 'null',
            message: '/Expected a JSON value other than null/',
          },
        ],
    missingMessage: '/Invalid input/',
  }),
  responseDefault: (value) => tsLiteral(JSON.parse(value)),
};
