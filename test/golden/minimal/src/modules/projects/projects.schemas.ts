import { z } from 'zod';

import { decimalString } from '../../lib/json-values.js';
import { containsQuerySchema, listQuerySchema } from '../../lib/list-filters.js';
import { limitQuerySchema, listResponseSchema, pageQuerySchema, sortOrderQuerySchema } from '../../lib/pagination.js';

// Each field's rules, written once: the entity and every request below are built from them.
const fields = {
  name: z.string().min(1).max(255),
  description: z.string().min(1),
  status: z.enum(['active', 'archived']),
  // decimal(12,2) travels as a string ('1500.00'): a JSON number cannot hold every such value exactly.
  budget: decimalString(12, 2),
};

/** A project as the API shows it. Optional fields are present, as null, when they have no value. */
export const projectSchema = z
  .object({
    id: z.uuid(),
    name: fields.name,
    description: fields.description.nullable(),
    status: fields.status,
    budget: fields.budget.nullable(),
    // 1 when created, one more on every change: the ETag header carries it ("3") for If-None-Match and If-Match.
    version: z.int().min(1),
    // Timestamps travel as ISO 8601 strings in UTC: '2026-01-31T09:30:00.000Z'.
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Project' });

/** POST body: required fields must be given; the others take their default (optional fields: null). */
export const createProjectSchema = z.strictObject({
  name: fields.name,
  description: fields.description.nullable().default(null),
  status: fields.status.default('active'),
  budget: fields.budget.nullable().default(null),
});

/** PUT body: the whole new state. Every field is required, but an optional one left out is set to null. */
export const replaceProjectSchema = z.strictObject({
  name: fields.name,
  description: fields.description.nullable().default(null),
  status: fields.status,
  budget: fields.budget.nullable().default(null),
});

/** PATCH body: only the fields to change (at least one); null clears an optional field. */
export const updateProjectSchema = z
  .strictObject({
    name: fields.name.optional(),
    description: fields.description.nullable().optional(),
    status: fields.status.optional(),
    budget: fields.budget.nullable().optional(),
  })
  .refine((changes) => Object.keys(changes).length > 0, 'Expected at least one field to change')
  .meta({ minProperties: 1 });

/** The fields a list may be sorted by: an allow-list, as the sort reaches SQL as a column name. */
export const projectSortFields = ['createdAt', 'updatedAt', 'name', 'budget'] as const;

/**
 * The filters of a list, each an optional query parameter, cast from the query string and checked by its field's
 * rules: a field's name asks for equality (`name`), [gt], [gte], [lt] or [lte] after it for a range
 * (`budget[gte]`), [contains] for part of a text, in any case (`name[contains]`), [in] for one of a
 * comma-separated list (`status[in]`). An unknown parameter or operator is a 400.
 */
export const projectFiltersSchema = z.object({
  name: fields.name.optional().describe('Only projects whose name equals this'),
  'name[contains]': containsQuerySchema.optional().describe('Only projects whose name contains this text, in any case'),
  description: fields.description.optional().describe('Only projects whose description equals this'),
  'description[contains]': containsQuerySchema
    .optional()
    .describe('Only projects whose description contains this text, in any case'),
  status: fields.status.optional().describe('Only projects whose status equals this'),
  'status[in]': listQuerySchema(fields.status)
    .optional()
    .describe('Only projects whose status is one of these, comma-separated (active,archived)'),
  budget: fields.budget.optional().describe('Only projects whose budget equals this'),
  'budget[gt]': fields.budget.optional().describe('Only projects whose budget is above this'),
  'budget[gte]': fields.budget.optional().describe('Only projects whose budget is this or above'),
  'budget[lt]': fields.budget.optional().describe('Only projects whose budget is below this'),
  'budget[lte]': fields.budget.optional().describe('Only projects whose budget is this or below'),
});

/** GET list query. As with bodies, an unknown parameter (often a misspelt filter) is a 400, not ignored. */
export const listProjectsQuerySchema = z.strictObject({
  page: pageQuerySchema,
  limit: limitQuerySchema,
  sortBy: z.enum(projectSortFields).default('createdAt'),
  sortOrder: sortOrderQuerySchema,
  ...projectFiltersSchema.shape,
});

export const projectListSchema = listResponseSchema(projectSchema);

export const projectParamsSchema = z.object({ id: z.uuid() });

export type Project = z.output<typeof projectSchema>;
export type CreateProject = z.output<typeof createProjectSchema>;
export type ReplaceProject = z.output<typeof replaceProjectSchema>;
export type UpdateProject = z.output<typeof updateProjectSchema>;
export type ProjectSortField = (typeof projectSortFields)[number];
export type ProjectFilters = z.output<typeof projectFiltersSchema>;
export type ListProjectsQuery = z.output<typeof listProjectsQuerySchema>;
export type ProjectParams = z.output<typeof projectParamsSchema>;
