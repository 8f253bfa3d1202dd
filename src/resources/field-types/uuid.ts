import { withArticle } from '../render-names.js';
import { sameType } from './row-types.js';
import { refusedDefault, type FieldTypeDefinition } from './types.js';
import { tsString } from './typescript-literals.js';

/** A uuid: a uuid column, which PostgreSQL writes back in lower case. */
export const uuidType: FieldTypeDefinition = {
  modifiers: ['unique', 'index'],
  defaultProblem: (value) =>
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
      ? undefined
      : refusedDefault(value, 'a uuid'),

  rules: () => 'z.uuid()',
  column: () => 'uuid',
  rowType: sameType('string'),
  sqlDefault: (value) => tsString(value.toLowerCase()),
  zodDefault: (value) => tsString(value.toLowerCase()),

  sortable: false,
  filterOperators: ['eq'],
  filterIndex: true,

  samples: (field, proseName) => ({
    examples: [1, 2, 3, 4].map((index) => `00000000-0000-4000-8000-00000000000${index}`),
    unique: 'randomUUID()',
    distinctValues: Number.MAX_SAFE_INTEGER,
    invalid: [
      { description: `${withArticle(proseName)} that is not a uuid`, value: "'42'", message: '/Invalid UUID/' },
    ],
    missingMessage: '/expected string, received undefined/',
    invalidQuery: tsString(`?${field.name}=42`),
  }),
  responseDefault: (value) => tsString(value.toLowerCase()),
};
