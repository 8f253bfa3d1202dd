import type { FieldSpec } from '../field-spec.js';
import { withArticle } from '../render-names.js';
import { sqlName } from './sql-names.js';
import { refusedDefault, type InvalidValue } from './types.js';
import { messagePattern, tsString } from './typescript-literals.js';

/** Values of the number types (integer, bigint, decimal, float), which range() bounds: rules, CHECK, samples. */

/** The values a PostgreSQL integer (and zod's int32) holds. */
export const int32 = { min: -2147483648, max: 2147483647 };

/** A number as the field language writes it, in range() and in defaults: `-12.5`. */
export const isNumber = (text: string) => /^-?\d+(\.\d+)?$/.test(text);

/** A number as TypeScript writes it: '1.50' -> 1.5. */
export const numberLiteral = (value: string) => String(Number(value));

/** The CHECK of range(). */
export const rangeCheck = (field: FieldSpec) =>
  field.range ? `${sqlName(field.column)} BETWEEN ${field.range.min} AND ${field.range.max}` : undefined;

/** A default outside range(). */
export function rangeProblem(value: string, field: FieldSpec): string | undefined {
  const number = Number(value);
  if (field.range && (number < field.range.min || number > field.range.max)) {
    return refusedDefault(value, `within range(${field.range.min},${field.range.max})`);
  }
  return undefined;
}

/**
 * A range on values that travel as strings (decimal, bigint), checked only once the value is well-formed:
 * `read` turns the string into a comparable value, `literal` writes a bound in that type.
 */
export function stringRangeRule(
  field: FieldSpec,
  read: string,
  literal: (bound: number) => string,
  noun: string,
): string {
  if (!field.range) return '';
  const { min, max } = field.range;
  const message = tsString(rangeMessage(noun, field.range));
  return (
    `.refine((value) => ${read} >= ${literal(min)} && ${read} <= ${literal(max)}, ` +
    `{ message: ${message}, when: (payload) => payload.issues.length === 0 })`
  );
}

/** The message of a range refused by stringRangeRule. */
export const rangeMessage = (noun: string, range: { min: number; max: number }) =>
  `Expected ${noun} from ${range.min} to ${range.max}`;

/** Up to 4 integers from the start of the range. */
export function ascendingIntegers(range: { min: number; max: number }): number[] {
  const values: number[] = [];
  for (let value = range.min; value <= range.max && values.length < 4; value += 1) values.push(value);
  return values;
}

/** Values just below and above a range, with zod's messages; bounds at the edge of `limits` have no outside. */
export function numberBounds(
  proseName: string,
  range: { min: number; max: number },
  limits = { min: -Infinity, max: Infinity },
): InvalidValue[] {
  const bounds: InvalidValue[] = [];
  if (range.min - 1 >= limits.min) {
    bounds.push({
      description: `${withArticle(proseName)} below ${range.min}`,
      value: String(range.min - 1),
      message: messagePattern(`Too small: expected number to be >=${range.min}`),
    });
  }
  if (range.max + 1 <= limits.max) {
    bounds.push({
      description: `${withArticle(proseName)} above ${range.max}`,
      value: String(range.max + 1),
      message: messagePattern(`Too big: expected number to be <=${range.max}`),
    });
  }
  return bounds;
}
