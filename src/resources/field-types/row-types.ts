import type { FieldSpec } from '../field-spec.js';

/**
 * The row type of a column read and written as the same TypeScript type: `| null` when optional, Generated<> when
 * the database has a default.
 */
export const sameType =
  (type: string) =>
  (field: FieldSpec): string => {
    const nullable = field.optional ? `${type} | null` : type;
    return field.defaultValue === undefined ? nullable : `Generated<${nullable}>`;
  };
