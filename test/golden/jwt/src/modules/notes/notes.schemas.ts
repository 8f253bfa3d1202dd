import { z } from 'zod';

import { containsQuerySchema } from '../../lib/list-filters.js';
import { limitQuerySchema, listResponseSchema, pageQuerySchema, sortOrderQuerySchema } from '../../lib/pagination.js';

// Each field's rules, written once: the entity and every request below are built from them.
const fields = {
  title: z.string().min(1).max(255),
  body: z.string().min(1),
  pinned: z.boolean(),
};

/**
 * A note as the API shows it. ownerId is the user it belongs to: the server sets it to the caller on create,
 * never from a body, and it is shown here read-only. Optional fields are present, as null, when they have no
 * value.
 */
export const noteSchema = z
  .object({
    id: z.uuid(),
    title: fields.title,
    body: fields.body.nullable(),
    pinned: fields.pinned,
    ownerId: z.uuid(),
    // 1 when created, one more on every change: the ETag header carries it ("3") for If-None-Match and If-Match.
    version: z.int().min(1),
    // Timestamps travel as ISO 8601 strings in UTC: '2026-01-31T09:30:00.000Z'.
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Note' });

/** POST body: required fields must be given; the others take their default (optional fields: null). */
export const createNoteSchema = z.strictObject({
  title: fields.title,
  body: fields.body.nullable().default(null),
  pinned: fields.pinned.default(false),
});

/** PUT body: the whole new state. Every field is required, but an optional one left out is set to null. */
export const replaceNoteSchema = z.strictObject({
  title: fields.title,
  body: fields.body.nullable().default(null),
  pinned: fields.pinned,
});

/** PATCH body: only the fields to change (at least one); null clears an optional field. */
export const updateNoteSchema = z
  .strictObject({
    title: fields.title.optional(),
    body: fields.body.nullable().optional(),
    pinned: fields.pinned.optional(),
  })
  .refine((changes) => Object.keys(changes).length > 0, 'Expected at least one field to change')
  .meta({ minProperties: 1 });

/** The fields a list may be sorted by: an allow-list, as the sort reaches SQL as a column name. */
export const noteSortFields = ['createdAt', 'updatedAt', 'title'] as const;

/**
 * The filters of a list, each an optional query parameter, cast from the query string and checked by its field's
 * rules: a field's name asks for equality (`title`), [contains] for part of a text, in any case
 * (`title[contains]`). An unknown parameter or operator is a 400.
 */
export const noteFiltersSchema = z.object({
  // Query values are text: 'true'/'false' (also 1/0, yes/no) become booleans.
  title: fields.title.optional().describe('Only notes whose title equals this'),
  'title[contains]': containsQuerySchema.optional().describe('Only notes whose title contains this text, in any case'),
  body: fields.body.optional().describe('Only notes whose body equals this'),
  'body[contains]': containsQuerySchema.optional().describe('Only notes whose body contains this text, in any case'),
  pinned: z.stringbool().optional().describe('Only notes whose pinned equals this (true or false)'),
});

/** GET list query. As with bodies, an unknown parameter (often a misspelt filter) is a 400, not ignored. */
export const listNotesQuerySchema = z.strictObject({
  page: pageQuerySchema,
  limit: limitQuerySchema,
  sortBy: z.enum(noteSortFields).default('createdAt'),
  sortOrder: sortOrderQuerySchema,
  ...noteFiltersSchema.shape,
});

export const noteListSchema = listResponseSchema(noteSchema);

export const noteParamsSchema = z.object({ id: z.uuid() });

export type Note = z.output<typeof noteSchema>;
export type CreateNote = z.output<typeof createNoteSchema>;
export type ReplaceNote = z.output<typeof replaceNoteSchema>;
export type UpdateNote = z.output<typeof updateNoteSchema>;
export type NoteSortField = (typeof noteSortFields)[number];
export type NoteFilters = z.output<typeof noteFiltersSchema>;
export type ListNotesQuery = z.output<typeof listNotesQuerySchema>;
export type NoteParams = z.output<typeof noteParamsSchema>;
