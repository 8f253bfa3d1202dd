import { z } from 'zod';

import { bigintString, decimalString } from '../../lib/json-values.js';
import { containsQuerySchema, listQuerySchema, numberQuerySchema } from '../../lib/list-filters.js';
import { limitQuerySchema, listResponseSchema, pageQuerySchema, sortOrderQuerySchema } from '../../lib/pagination.js';

// Each field's rules, written once: the entity and every request below are built from them.
const fields = {
  label: z.string().min(2).max(8),
  notes: z.string().min(1),
  count: z.int32().min(0).max(10),
  // bigint travels as a string ('9007199254740993'): a JSON number cannot hold every such value.
  big: bigintString(),
  // decimal(10,2) travels as a string ('1500.00'): a JSON number cannot hold every such value exactly.
  price: decimalString(10, 2),
  ratio: z.number().min(0).max(1),
  active: z.boolean(),
  // date travels as 'YYYY-MM-DD': a calendar day, with no time or time zone to shift it.
  launch: z.iso.date(),
  // datetime takes any offset ('2026-03-01T10:30:00+01:00') and comes back in UTC ('2026-03-01T09:30:00.000Z').
  seenAt: z.iso.datetime({ offset: true }),
  ref: z.uuid(),
  contact: z.email().max(255),
  // Only http and https addresses: other schemes (javascript:, file:) are refused.
  site: z.url({ protocol: /^https?$/ }).max(255),
  // json takes any JSON value (object, array, string, number, boolean), stored as jsonb.
  meta: z.json(),
  size: z.enum(['s', 'm', 'l']),
  // A reference travels as the id of the row it points at; one that does not exist is a 422 naming the field.
  projectId: z.uuid(),
};

/** A widget as the API shows it. Optional fields are present, as null, when they have no value. */
export const widgetSchema = z
  .object({
    id: z.uuid(),
    label: fields.label,
    notes: fields.notes.nullable(),
    count: fields.count,
    big: fields.big.nullable(),
    price: fields.price,
    ratio: fields.ratio.nullable(),
    active: fields.active,
    launch: fields.launch.nullable(),
    seenAt: fields.seenAt,
    ref: fields.ref,
    contact: fields.contact.nullable(),
    site: fields.site.nullable(),
    meta: fields.meta.nullable(),
    size: fields.size,
    projectId: fields.projectId.nullable(),
    // 1 when created, one more on every change: the ETag header carries it ("3") for If-None-Match and If-Match.
    version: z.int().min(1),
    // Timestamps travel as ISO 8601 strings in UTC: '2026-01-31T09:30:00.000Z'.
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Widget' });

/** POST body: required fields must be given; the others take their default (optional fields: null). */
export const createWidgetSchema = z.strictObject({
  label: fields.label,
  notes: fields.notes.nullable().default(null),
  count: fields.count.default(0),
  big: fields.big.nullable().default(null),
  price: fields.price.default('9.99'),
  ratio: fields.ratio.nullable().default(null),
  active: fields.active.default(true),
  launch: fields.launch.nullable().default(null),
  // Left out, it is set by the database to the time of the insert.
  seenAt: fields.seenAt.optional(),
  ref: fields.ref,
  contact: fields.contact.nullable().default(null),
  site: fields.site.nullable().default(null),
  meta: fields.meta.nullable().default(null),
  size: fields.size.default('m'),
  projectId: fields.projectId.nullable().default(null),
});

/** PUT body: the whole new state. Every field is required, but an optional one left out is set to null. */
export const replaceWidgetSchema = z.strictObject({
  label: fields.label,
  notes: fields.notes.nullable().default(null),
  count: fields.count,
  big: fields.big.nullable().default(null),
  price: fields.price,
  ratio: fields.ratio.nullable().default(null),
  active: fields.active,
  launch: fields.launch.nullable().default(null),
  seenAt: fields.seenAt,
  ref: fields.ref,
  contact: fields.contact.nullable().default(null),
  site: fields.site.nullable().default(null),
  meta: fields.meta.nullable().default(null),
  size: fields.size,
  projectId: fields.projectId.nullable().default(null),
});

/** PATCH body: only the fields to change (at least one); null clears an optional field. */
export const updateWidgetSchema = z
  .strictObject({
    label: fields.label.optional(),
    notes: fields.notes.nullable().optional(),
    count: fields.count.optional(),
    big: fields.big.nullable().optional(),
    price: fields.price.optional(),
    ratio: fields.ratio.nullable().optional(),
    active: fields.active.optional(),
    launch: fields.launch.nullable().optional(),
    seenAt: fields.seenAt.optional(),
    ref: fields.ref.optional(),
    contact: fields.contact.nullable().optional(),
    site: fields.site.nullable().optional(),
    meta: fields.meta.nullable().optional(),
    size: fields.size.optional(),
    projectId: fields.projectId.nullable().optional(),
  })
  .refine((changes) => Object.keys(changes).length > 0, 'Expected at least one field to change')
  .meta({ minProperties: 1 });

/** The fields a list may be sorted by: an allow-list, as the sort reaches SQL as a column name. */
export const widgetSortFields = [
  'createdAt',
  'updatedAt',
  'label',
  'count',
  'big',
  'price',
  'ratio',
  'launch',
  'seenAt',
  'contact',
] as const;

/**
 * The filters of a list, each an optional query parameter, cast from the query string and checked by its field's
 * rules: a field's name asks for equality (`label`), [gt], [gte], [lt] or [lte] after it for a range
 * (`count[gte]`), [contains] for part of a text, in any case (`label[contains]`), [in] for one of a
 * comma-separated list (`size[in]`). An unknown parameter or operator is a 400.
 */
export const widgetFiltersSchema = z.object({
  // Query values are text: 'true'/'false' (also 1/0, yes/no) become booleans; numbers are cast, then checked.
  label: fields.label.optional().describe('Only widgets whose label equals this'),
  'label[contains]': containsQuerySchema
    .optional()
    .describe('Only widgets whose label contains this text, in any case'),
  notes: fields.notes.optional().describe('Only widgets whose notes equals this'),
  'notes[contains]': containsQuerySchema
    .optional()
    .describe('Only widgets whose notes contains this text, in any case'),
  count: numberQuerySchema(fields.count).optional().describe('Only widgets whose count equals this'),
  'count[gt]': numberQuerySchema(fields.count).optional().describe('Only widgets whose count is above this'),
  'count[gte]': numberQuerySchema(fields.count).optional().describe('Only widgets whose count is this or above'),
  'count[lt]': numberQuerySchema(fields.count).optional().describe('Only widgets whose count is below this'),
  'count[lte]': numberQuerySchema(fields.count).optional().describe('Only widgets whose count is this or below'),
  big: fields.big.optional().describe('Only widgets whose big equals this'),
  'big[gt]': fields.big.optional().describe('Only widgets whose big is above this'),
  'big[gte]': fields.big.optional().describe('Only widgets whose big is this or above'),
  'big[lt]': fields.big.optional().describe('Only widgets whose big is below this'),
  'big[lte]': fields.big.optional().describe('Only widgets whose big is this or below'),
  price: fields.price.optional().describe('Only widgets whose price equals this'),
  'price[gt]': fields.price.optional().describe('Only widgets whose price is above this'),
  'price[gte]': fields.price.optional().describe('Only widgets whose price is this or above'),
  'price[lt]': fields.price.optional().describe('Only widgets whose price is below this'),
  'price[lte]': fields.price.optional().describe('Only widgets whose price is this or below'),
  ratio: numberQuerySchema(fields.ratio).optional().describe('Only widgets whose ratio equals this'),
  'ratio[gt]': numberQuerySchema(fields.ratio).optional().describe('Only widgets whose ratio is above this'),
  'ratio[gte]': numberQuerySchema(fields.ratio).optional().describe('Only widgets whose ratio is this or above'),
  'ratio[lt]': numberQuerySchema(fields.ratio).optional().describe('Only widgets whose ratio is below this'),
  'ratio[lte]': numberQuerySchema(fields.ratio).optional().describe('Only widgets whose ratio is this or below'),
  active: z.stringbool().optional().describe('Only widgets whose active equals this (true or false)'),
  launch: fields.launch.optional().describe('Only widgets whose launch equals this'),
  'launch[gt]': fields.launch.optional().describe('Only widgets whose launch is after this'),
  'launch[gte]': fields.launch.optional().describe('Only widgets whose launch is this or after'),
  'launch[lt]': fields.launch.optional().describe('Only widgets whose launch is before this'),
  'launch[lte]': fields.launch.optional().describe('Only widgets whose launch is this or before'),
  seenAt: fields.seenAt.optional().describe('Only widgets whose seen at equals this'),
  'seenAt[gt]': fields.seenAt.optional().describe('Only widgets whose seen at is after this'),
  'seenAt[gte]': fields.seenAt.optional().describe('Only widgets whose seen at is this or after'),
  'seenAt[lt]': fields.seenAt.optional().describe('Only widgets whose seen at is before this'),
  'seenAt[lte]': fields.seenAt.optional().describe('Only widgets whose seen at is this or before'),
  ref: fields.ref.optional().describe('Only widgets whose ref equals this'),
  contact: fields.contact.optional().describe('Only widgets whose contact equals this'),
  'contact[contains]': containsQuerySchema
    .optional()
    .describe('Only widgets whose contact contains this text, in any case'),
  site: fields.site.optional().describe('Only widgets whose site equals this'),
  'site[contains]': containsQuerySchema.optional().describe('Only widgets whose site contains this text, in any case'),
  size: fields.size.optional().describe('Only widgets whose size equals this'),
  'size[in]': listQuerySchema(fields.size)
    .optional()
    .describe('Only widgets whose size is one of these, comma-separated (s,m,l)'),
  projectId: fields.projectId.optional().describe('Only widgets whose project id equals this'),
});

/** GET list query. As with bodies, an unknown parameter (often a misspelt filter) is a 400, not ignored. */
export const listWidgetsQuerySchema = z.strictObject({
  page: pageQuerySchema,
  limit: limitQuerySchema,
  sortBy: z.enum(widgetSortFields).default('createdAt'),
  sortOrder: sortOrderQuerySchema,
  ...widgetFiltersSchema.shape,
});

export const widgetListSchema = listResponseSchema(widgetSchema);

export const widgetParamsSchema = z.object({ id: z.uuid() });

export type Widget = z.output<typeof widgetSchema>;
export type CreateWidget = z.output<typeof createWidgetSchema>;
export type ReplaceWidget = z.output<typeof replaceWidgetSchema>;
export type UpdateWidget = z.output<typeof updateWidgetSchema>;
export type WidgetSortField = (typeof widgetSortFields)[number];
export type WidgetFilters = z.output<typeof widgetFiltersSchema>;
export type ListWidgetsQuery = z.output<typeof listWidgetsQuerySchema>;
export type WidgetParams = z.output<typeof widgetParamsSchema>;
