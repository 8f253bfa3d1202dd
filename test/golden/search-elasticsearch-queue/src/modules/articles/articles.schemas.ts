import { z } from 'zod';

import { containsQuerySchema } from '../../lib/list-filters.js';
import { limitQuerySchema, listResponseSchema, pageQuerySchema, sortOrderQuerySchema } from '../../lib/pagination.js';
import { highlightQuerySchema, searchQuerySchema } from '../../lib/search.js';

// Each field's rules, written once: the entity and every request below are built from them.
const fields = {
  title: z.string().min(1).max(255),
  summary: z.string().min(1),
  body: z.string().min(1),
};

/** An article as the API shows it. Optional fields are present, as null, when they have no value. */
export const articleSchema = z
  .object({
    id: z.uuid(),
    title: fields.title,
    summary: fields.summary.nullable(),
    body: fields.body,
    // 1 when created, one more on every change: the ETag header carries it ("3") for If-None-Match and If-Match.
    version: z.int().min(1),
    // Timestamps travel as ISO 8601 strings in UTC: '2026-01-31T09:30:00.000Z'.
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Article' });

/** POST body: required fields must be given; the others take their default (optional fields: null). */
export const createArticleSchema = z.strictObject({
  title: fields.title,
  summary: fields.summary.nullable().default(null),
  body: fields.body,
});

/** PUT body: the whole new state. Every field is required, but an optional one left out is set to null. */
export const replaceArticleSchema = z.strictObject({
  title: fields.title,
  summary: fields.summary.nullable().default(null),
  body: fields.body,
});

/** PATCH body: only the fields to change (at least one); null clears an optional field. */
export const updateArticleSchema = z
  .strictObject({
    title: fields.title.optional(),
    summary: fields.summary.nullable().optional(),
    body: fields.body.optional(),
  })
  .refine((changes) => Object.keys(changes).length > 0, 'Expected at least one field to change')
  .meta({ minProperties: 1 });

/** The fields a list may be sorted by: an allow-list, as the sort reaches SQL as a column name. */
export const articleSortFields = ['createdAt', 'updatedAt', 'title'] as const;

/**
 * The filters of a list, each an optional query parameter, cast from the query string and checked by its field's
 * rules: a field's name asks for equality (`title`), [contains] for part of a text, in any case
 * (`title[contains]`). An unknown parameter or operator is a 400.
 */
export const articleFiltersSchema = z.object({
  title: fields.title.optional().describe('Only articles whose title equals this'),
  'title[contains]': containsQuerySchema
    .optional()
    .describe('Only articles whose title contains this text, in any case'),
  summary: fields.summary.optional().describe('Only articles whose summary equals this'),
  'summary[contains]': containsQuerySchema
    .optional()
    .describe('Only articles whose summary contains this text, in any case'),
  body: fields.body.optional().describe('Only articles whose body equals this'),
  'body[contains]': containsQuerySchema.optional().describe('Only articles whose body contains this text, in any case'),
});

/**
 * GET list query. As with bodies, an unknown parameter (often a misspelt filter) is a 400, not ignored. `q` searches
 * (lib/search.ts), and then sorts by relevance unless sortBy says otherwise; without it, lists sort by createdAt.
 */
export const listArticlesQuerySchema = z
  .strictObject({
    page: pageQuerySchema,
    limit: limitQuerySchema,
    sortBy: z
      .enum([...articleSortFields, 'relevance'])
      .optional()
      .describe('The order: relevance (the default with q, which it needs) or a field (createdAt by default)'),
    sortOrder: sortOrderQuerySchema,
    q: searchQuerySchema.optional(),
    highlight: highlightQuerySchema,
    ...articleFiltersSchema.shape,
  })
  .refine((query) => query.sortBy !== 'relevance' || query.q !== undefined, {
    path: ['sortBy'],
    message: 'sortBy=relevance needs q, a search',
  });

/** Article in a list: with `highlights` when a search asks for them (highlight=true). */
export const articleListItemSchema = articleSchema.extend({
  highlights: z
    .object({
      title: z.string().optional(),
      summary: z.string().optional(),
      body: z.string().optional(),
    })
    .optional()
    .describe('The parts of each searchable field that match, as HTML: the text escaped, the matching words in <mark>'),
});

export const articleListSchema = listResponseSchema(articleListItemSchema);

export const articleParamsSchema = z.object({ id: z.uuid() });

export type Article = z.output<typeof articleSchema>;
export type CreateArticle = z.output<typeof createArticleSchema>;
export type ReplaceArticle = z.output<typeof replaceArticleSchema>;
export type UpdateArticle = z.output<typeof updateArticleSchema>;
export type ArticleSortField = (typeof articleSortFields)[number];
export type ArticleFilters = z.output<typeof articleFiltersSchema>;
export type ListArticlesQuery = z.output<typeof listArticlesQuerySchema>;
export type ArticleListItem = z.output<typeof articleListItemSchema>;
export type ArticleParams = z.output<typeof articleParamsSchema>;
