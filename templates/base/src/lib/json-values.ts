import { z } from 'zod';

// Schemas for values that JSON has no exact type for. A JSON number is a 64-bit float: it cannot hold every
// numeric(p,s) or bigint exactly, so those travel as strings, as PostgreSQL (and the pg driver) writes them.

/** A numeric(precision, scale) value as a string: '1500', '-3.5', '1500.00'. Responses carry every decimal place. */
export function decimalString(precision: number, scale: number) {
  const integerDigits = precision - scale;
  const integerPart = integerDigits > 0 ? `\\d{1,${integerDigits}}` : '0';
  const fractionPart = scale > 0 ? `(\\.\\d{1,${scale}})?` : '';
  return z
    .string()
    .regex(
      new RegExp(`^-?${integerPart}${fractionPart}$`),
      `Expected a decimal number as a string, with at most ${integerDigits} digits before the point and ${scale} after`,
    );
}

const bigintMin = -(2n ** 63n);
const bigintMax = 2n ** 63n - 1n;

/** A bigint (64-bit integer) value as a string: '9007199254740993'. */
export function bigintString() {
  // abort: a value that is not an integer at all must stop at the regex, before BigInt() in the refinement.
  return z
    .string()
    .regex(/^-?\d{1,19}$/, { message: 'Expected an integer as a string', abort: true })
    .refine((value) => BigInt(value) >= bigintMin && BigInt(value) <= bigintMax, 'Expected a 64-bit integer');
}
