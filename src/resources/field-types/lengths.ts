import type { FieldSpec } from '../field-spec.js';
import { capitalize, withArticle } from '../render-names.js';
import { sqlName } from './sql-names.js';
import { refusedDefault, type InvalidValue, type TypeSamples } from './types.js';
import { messagePattern, tsString } from './typescript-literals.js';

/** Lengths of the string types (string, text, email, url), which min() and max() bound: rules, CHECK, samples. */

/** The most characters a string, email or url column holds when no max() is given. */
export const defaultMaxLength = 255;

/** The length of the varchar column of a string, email or url. */
export const varcharLength = (field: FieldSpec) => field.maxLength ?? defaultMaxLength;

/** 'A title', 'B title'...: they sort the same way under every collation. */
export const sampleLetters = ['A', 'B', 'C', 'D'];

/** `.min(n).max(m)` for lengths; a min of 0 says nothing and is left out. */
export function lengthRules({ min, max }: { min?: number; max?: number }): string {
  return `${min ? `.min(${min})` : ''}${max !== undefined ? `.max(${max})` : ''}`;
}

/** The CHECK on the length; a varchar column (`hasMaxColumn`) holds the maximum itself. */
export function lengthCheck(field: FieldSpec, hasMaxColumn: boolean): string | undefined {
  const min = field.minLength ?? 1;
  const max = hasMaxColumn ? undefined : field.maxLength;
  const length = `char_length(${sqlName(field.column)})`;
  if (min > 0 && max !== undefined) return `${length} BETWEEN ${min} AND ${max}`;
  if (min > 0) return `${length} >= ${min}`;
  if (max !== undefined) return `${length} <= ${max}`;
  return undefined;
}

/** A default outside min() and max(); without min, a string is at least 1 character (its zod and CHECK say so). */
export function lengthProblem(value: string, field: FieldSpec): string | undefined {
  const minLength = field.minLength ?? 1;
  if (value.length < minLength) {
    return refusedDefault(value, `at least ${minLength} character${minLength === 1 ? '' : 's'} long`);
  }
  if (field.maxLength !== undefined && value.length > field.maxLength) {
    return refusedDefault(value, `at most ${field.maxLength} long`);
  }
  return undefined;
}

/** Samples of free text (string and text), at most `max` characters long when there is a max. */
export function textSamples(field: FieldSpec, proseName: string, max: number | undefined): TypeSamples {
  const min = field.minLength ?? 1;
  const limit = max ?? Number.MAX_SAFE_INTEGER;
  const invalid: InvalidValue[] = [];
  if (min > 0) {
    invalid.push({
      description: min === 1 ? `an empty ${proseName}` : `${withArticle(proseName)} under ${min} characters`,
      value: tsString('x'.repeat(min - 1)),
      message: messagePattern(`Too small: expected string to have >=${min} characters`),
    });
  }
  if (max !== undefined) {
    invalid.push({
      description: `${withArticle(proseName)} over ${max} characters`,
      value: `'x'.repeat(${max + 1})`,
      message: messagePattern(`Too big: expected string to have <=${max} characters`),
    });
  }
  invalid.push({ description: `${proseName} as a number`, value: '42', message: '/expected string, received number/' });

  const examples = sampleLetters.map((letter) => fitLength(`${letter} ${proseName}`, min, limit, letter.toLowerCase()));
  const unique = uniqueText(proseName, min, limit);
  return {
    examples: [...new Set(examples)],
    unique: unique.expression,
    distinctValues: unique.count,
    invalid,
    missingMessage: '/expected string, received undefined/',
    // Too long or too short for the field, which no row can equal; a text of any length has none.
    ...(max !== undefined
      ? { invalidQuery: `\`?${field.name}=\${'x'.repeat(${max + 1})}\`` }
      : min > 0
        ? { invalidQuery: tsString(`?${field.name}=`) }
        : {}),
  };
}

/**
 * Row n's text, 'Title 7': the field's name, cut to leave room for 4 digits; with less room than that, the
 * number alone, which then repeats every 10, 100 or 1000 rows.
 */
function uniqueText(proseName: string, min: number, limit: number): { expression: string; count: number } {
  const prefix = limit >= 6 ? `${capitalize(proseName)} `.slice(0, limit - 4) : '';
  const digits = Math.min(limit - prefix.length, 9);
  const number = digits >= 9 ? 'n' : `n % ${10 ** digits}`;
  const pad = min > prefix.length + 1 ? `.padEnd(${min}, '.')` : '';
  const expression = prefix ? `\`${prefix}\${${number}}\`${pad}` : `String(${number})${pad}`;
  return { expression, count: limit === 0 ? 1 : 10 ** Math.min(digits, 15) };
}

/** `${n}` in a template literal, or `${n % 100}` when there is room for fewer than 4 digits. */
export function uniqueNumber(digits: number): string {
  return digits >= 4 ? '${n}' : `\${n % ${10 ** Math.max(0, digits)}}`;
}

/** Cuts or pads `text` to a length within [min, max]. */
export function fitLength(text: string, min: number, max: number, padding = 'x'): string {
  return text.slice(0, Math.max(0, max)).padEnd(Math.min(min, max), padding);
}
