import { z } from 'zod';

// The helpers of list filters (src/modules/*/*.schemas.ts and *.repository.ts). Each filter is a query parameter:
// `?price=10` asks for equality, `?price[gte]=10&price[lt]=20` a range, `?name[contains]=alp` part of a text in
// any case, `?status[in]=draft,live` one of a list.

/**
 * A number from the query string, then checked by `rules` (the field's). Blank text is refused rather than cast:
 * Number('') is 0, which would quietly filter by 0.
 */
export function numberQuerySchema<Rules extends z.ZodType<unknown, number>>(rules: Rules) {
  const blankAsMissing = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
  return z.preprocess(blankAsMissing, z.coerce.number()).pipe(rules);
}

/** The text a `[contains]` filter looks for: at least one character, as an empty one would match every row. */
export const containsQuerySchema = z.string().min(1);

/** A comma-separated list from the query string, `draft,live` -> ['draft', 'live'], each item checked by `item`. */
export function listQuerySchema<Item extends z.ZodType<unknown, string>>(item: Item) {
  return z
    .string()
    .transform((text) => text.split(','))
    .pipe(z.array(item).min(1));
}

/**
 * The ILIKE pattern of a `[contains]` filter: the text anywhere in the value. In a LIKE pattern `%` and `_` are
 * wildcards and `\` escapes, so each is escaped to stand for itself: `50%` finds "50%", not every "50...". The
 * pattern is sent as a parameter, like every value.
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}
