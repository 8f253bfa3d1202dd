import { z } from 'zod';

import { containsQuerySchema } from '../../lib/list-filters.js';
import { limitQuerySchema, listResponseSchema, pageQuerySchema, sortOrderQuerySchema } from '../../lib/pagination.js';

// Each field's rules, written once: the entity and every request below are built from them.
const fields = {
  body: z.string().min(1),
  // A reference travels as the id of the row it points at; one that does not exist is a 422 naming the field.
  noteId: z.uuid(),
};

/** An annotation as the API shows it. */
export const annotationSchema = z
  .object({
    id: z.uuid(),
    body: fields.body,
    noteId: fields.noteId,
    // 1 when created, one more on every change: the ETag header carries it ("3") for If-None-Match and If-Match.
    version: z.int().min(1),
    // Timestamps travel as ISO 8601 strings in UTC: '2026-01-31T09:30:00.000Z'.
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Annotation' });

/** POST body: required fields must be given; the others take their default (optional fields: null). */
export const createAnnotationSchema = z.strictObject({
  body: fields.body,
  noteId: fields.noteId,
});

/** PUT body: the whole new state. Every field is required, but an optional one left out is set to null. */
export const replaceAnnotationSchema = z.strictObject({
  body: fields.body,
  noteId: fields.noteId,
});

/** PATCH body: only the fields to change (at least one); null clears an optional field. */
export const updateAnnotationSchema = z
  .strictObject({
    body: fields.body.optional(),
    noteId: fields.noteId.optional(),
  })
  .refine((changes) => Object.keys(changes).length > 0, 'Expected at least one field to change')
  .meta({ minProperties: 1 });

/** The fields a list may be sorted by: an allow-list, as the sort reaches SQL as a column name. */
export const annotationSortFields = ['createdAt', 'updatedAt'] as const;

/**
 * The filters of a list, each an optional query parameter, cast from the query string and checked by its field's
 * rules: a field's name asks for equality (`body`), [contains] for part of a text, in any case
 * (`body[contains]`). An unknown parameter or operator is a 400.
 */
export const annotationFiltersSchema = z.object({
  body: fields.body.optional().describe('Only annotations whose body equals this'),
  'body[contains]': containsQuerySchema
    .optional()
    .describe('Only annotations whose body contains this text, in any case'),
  noteId: fields.noteId.optional().describe('Only annotations whose note id equals this'),
});

/** GET list query. As with bodies, an unknown parameter (often a misspelt filter) is a 400, not ignored. */
export const listAnnotationsQuerySchema = z.strictObject({
  page: pageQuerySchema,
  limit: limitQuerySchema,
  sortBy: z.enum(annotationSortFields).default('createdAt'),
  sortOrder: sortOrderQuerySchema,
  ...annotationFiltersSchema.shape,
});

export const annotationListSchema = listResponseSchema(annotationSchema);

export const annotationParamsSchema = z.object({ id: z.uuid() });

export type Annotation = z.output<typeof annotationSchema>;
export type CreateAnnotation = z.output<typeof createAnnotationSchema>;
export type ReplaceAnnotation = z.output<typeof replaceAnnotationSchema>;
export type UpdateAnnotation = z.output<typeof updateAnnotationSchema>;
export type AnnotationSortField = (typeof annotationSortFields)[number];
export type AnnotationFilters = z.output<typeof annotationFiltersSchema>;
export type ListAnnotationsQuery = z.output<typeof listAnnotationsQuerySchema>;
export type AnnotationParams = z.output<typeof annotationParamsSchema>;
