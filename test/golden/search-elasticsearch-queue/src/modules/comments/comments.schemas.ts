import { z } from 'zod';

import { containsQuerySchema } from '../../lib/list-filters.js';
import { limitQuerySchema, listResponseSchema, pageQuerySchema, sortOrderQuerySchema } from '../../lib/pagination.js';
import { highlightQuerySchema, searchQuerySchema } from '../../lib/search.js';

// Each field's rules, written once: the entity and every request below are built from them.
const fields = {
  body: z.string().min(1),
};

/**
 * A comment as the API shows it. Comments live inside an article: articleId comes from the path, never from a
 * body, and is shown here read-only.
 */
export const commentSchema = z
  .object({
    id: z.uuid(),
    body: fields.body,
    articleId: z.uuid(),
    // 1 when created, one more on every change: the ETag header carries it ("3") for If-None-Match and If-Match.
    version: z.int().min(1),
    // Timestamps travel as ISO 8601 strings in UTC: '2026-01-31T09:30:00.000Z'.
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Comment' });

/** POST body: required fields must be given; the others take their default (optional fields: null). */
export const createCommentSchema = z.strictObject({
  body: fields.body,
});

/** PUT body: the whole new state. Every field is required, but an optional one left out is set to null. */
export const replaceCommentSchema = z.strictObject({
  body: fields.body,
});

/** PATCH body: only the fields to change (at least one); null clears an optional field. */
export const updateCommentSchema = z
  .strictObject({
    body: fields.body.optional(),
  })
  .refine((changes) => Object.keys(changes).length > 0, 'Expected at least one field to change')
  .meta({ minProperties: 1 });

/** The fields a list may be sorted by: an allow-list, as the sort reaches SQL as a column name. */
export const commentSortFields = ['createdAt', 'updatedAt'] as const;

/**
 * The filters of a list, each an optional query parameter, cast from the query string and checked by its field's
 * rules: a field's name asks for equality (`body`), [contains] for part of a text, in any case
 * (`body[contains]`). An unknown parameter or operator is a 400.
 */
export const commentFiltersSchema = z.object({
  body: fields.body.optional().describe('Only comments whose body equals this'),
  'body[contains]': containsQuerySchema.optional().describe('Only comments whose body contains this text, in any case'),
});

/**
 * GET list query. As with bodies, an unknown parameter (often a misspelt filter) is a 400, not ignored. `q` searches
 * (lib/search.ts), and then sorts by relevance unless sortBy says otherwise; without it, lists sort by createdAt.
 */
export const listCommentsQuerySchema = z
  .strictObject({
    page: pageQuerySchema,
    limit: limitQuerySchema,
    sortBy: z
      .enum([...commentSortFields, 'relevance'])
      .optional()
      .describe('The order: relevance (the default with q, which it needs) or a field (createdAt by default)'),
    sortOrder: sortOrderQuerySchema,
    q: searchQuerySchema.optional(),
    highlight: highlightQuerySchema,
    ...commentFiltersSchema.shape,
  })
  .refine((query) => query.sortBy !== 'relevance' || query.q !== undefined, {
    path: ['sortBy'],
    message: 'sortBy=relevance needs q, a search',
  });

/** Comment in a list: with `highlights` when a search asks for them (highlight=true). */
export const commentListItemSchema = commentSchema.extend({
  highlights: z
    .object({
      body: z.string().optional(),
    })
    .optional()
    .describe('The parts of each searchable field that match, as HTML: the text escaped, the matching words in <mark>'),
});

export const commentListSchema = listResponseSchema(commentListItemSchema);

/** The path of the collection, /v1/articles/:articleId/comments. */
export const articleCommentsParamsSchema = z.object({ articleId: z.uuid() });

/** The path of one comment, /v1/articles/:articleId/comments/:id. */
export const commentParamsSchema = z.object({ articleId: z.uuid(), id: z.uuid() });

export type Comment = z.output<typeof commentSchema>;
export type CreateComment = z.output<typeof createCommentSchema>;
export type ReplaceComment = z.output<typeof replaceCommentSchema>;
export type UpdateComment = z.output<typeof updateCommentSchema>;
export type CommentSortField = (typeof commentSortFields)[number];
export type CommentFilters = z.output<typeof commentFiltersSchema>;
export type ListCommentsQuery = z.output<typeof listCommentsQuerySchema>;
export type CommentListItem = z.output<typeof commentListItemSchema>;
export type ArticleCommentsParams = z.output<typeof articleCommentsParamsSchema>;
export type CommentParams = z.output<typeof commentParamsSchema>;
