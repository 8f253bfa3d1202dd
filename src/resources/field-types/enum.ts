import { withArticle } from '../render-names.js';
import { sqlName } from './sql-names.js';
import { refusedDefault, type FieldTypeDefinition } from './types.js';
import { messagePattern, tsString } from './typescript-literals.js';

/** One of a list of words, enum(active,archived): a text column with a CHECK, typed as their union. */
export const enumType: FieldTypeDefinition = {
  readArguments: (args, fail) => {
    const values = args ?? [];
    if (values.length === 0) fail('enum needs its values, e.g. enum(active,archived)');
    for (const value of values) {
      if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(value)) fail(`"${value}" is not a valid enum value`);
    }
    if (new Set(values).size !== values.length) fail('enum values must be distinct');
    return { values };
  },
  modifiers: ['unique', 'index'],
  defaultProblem: (value, field) =>
    field.values?.includes(value) ? undefined : refusedDefault(value, `one of ${field.values?.join(', ')}`),

  rules: (field) => `z.enum([${(field.values ?? []).map(tsString).join(', ')}])`,
  column: () => 'text',
  check: (field) => `${sqlName(field.column)} IN (${(field.values ?? []).map((value) => `'${value}'`).join(', ')})`,
  // The entity's type is the union of the values (with null when the field is optional).
  rowType: (field, entityType) => (field.defaultValue === undefined ? entityType : `Generated<${entityType}>`),
  sqlDefault: tsString,
  zodDefault: tsString,

  sortable: false,
  filterOperators: ['eq', 'in'],
  filterIndex: true,

  samples: (field, proseName) => {
    const values = field.values ?? [];
    return {
      examples: values,
      unique: `[${values.map(tsString).join(', ')}][n % ${values.length}]`,
      distinctValues: values.length,
      invalid: [
        {
          description: `${withArticle(proseName)} not in the list`,
          value: "'0'",
          message: messagePattern(
            values.length === 1
              ? `Invalid input: expected "${values[0]}"`
              : `Invalid option: expected one of ${values.map((value) => `"${value}"`).join('|')}`,
          ),
        },
      ],
      missingMessage: values.length === 1 ? '/Invalid input/' : '/Invalid option/',
      invalidQuery: tsString(`?${field.name}=0`),
    };
  },
  responseDefault: tsString,
};
