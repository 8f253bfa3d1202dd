import { sameType } from './row-types.js';
import { refusedDefault, type FieldTypeDefinition } from './types.js';
import { tsString } from './typescript-literals.js';

/** true or false: a JSON boolean, a boolean column; a filter reads 'true' and 'false' from the query string. */
export const booleanType: FieldTypeDefinition = {
  modifiers: ['unique', 'index'],
  defaultProblem: (value) =>
    value === 'true' || value === 'false' ? undefined : refusedDefault(value, 'true or false'),

  rules: () => 'z.boolean()',
  column: () => 'boolean',
  rowType: sameType('boolean'),
  sqlDefault: (value) => value,
  zodDefault: (value) => value,

  sortable: false,
  filterOperators: ['eq'],
  filterIndex: true,
  queryCast: 'boolean',

  samples: (field, proseName) => ({
    examples: [false, true],
    unique: 'n % 2 === 0',
    distinctValues: 2,
    invalid: [
      { description: `${proseName} as a string`, value: "'yes'", message: '/expected boolean, received string/' },
    ],
    missingMessage: '/expected boolean, received undefined/',
    invalidQuery: tsString(`?${field.name}=maybe`),
  }),
  responseDefault: (value) => value,
};
