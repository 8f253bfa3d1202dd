import { z } from 'zod';

import { containsQuerySchema, numberQuerySchema } from '../../lib/list-filters.js';
import { limitQuerySchema, listResponseSchema, pageQuerySchema, sortOrderQuerySchema } from '../../lib/pagination.js';

// Each field's rules, written once: the entity and every request below are built from them.
const fields = {
  title: z.string().min(3).max(200),
  done: z.boolean(),
  priority: z.int32().min(1).max(5),
  // date travels as 'YYYY-MM-DD': a calendar day, with no time or time zone to shift it.
  dueDate: z.iso.date(),
};

/**
 * A task as the API shows it. Tasks live inside a project: projectId comes from the path, never from a body, and
 * is shown here read-only. Optional fields are present, as null, when they have no value.
 */
export const taskSchema = z
  .object({
    id: z.uuid(),
    title: fields.title,
    done: fields.done,
    priority: fields.priority,
    dueDate: fields.dueDate.nullable(),
    projectId: z.uuid(),
    // 1 when created, one more on every change: the ETag header carries it ("3") for If-None-Match and If-Match.
    version: z.int().min(1),
    // Timestamps travel as ISO 8601 strings in UTC: '2026-01-31T09:30:00.000Z'.
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Task' });

/** POST body: required fields must be given; the others take their default (optional fields: null). */
export const createTaskSchema = z.strictObject({
  title: fields.title,
  done: fields.done.default(false),
  priority: fields.priority.default(3),
  dueDate: fields.dueDate.nullable().default(null),
});

/** PUT body: the whole new state. Every field is required, but an optional one left out is set to null. */
export const replaceTaskSchema = z.strictObject({
  title: fields.title,
  done: fields.done,
  priority: fields.priority,
  dueDate: fields.dueDate.nullable().default(null),
});

/** PATCH body: only the fields to change (at least one); null clears an optional field. */
export const updateTaskSchema = z
  .strictObject({
    title: fields.title.optional(),
    done: fields.done.optional(),
    priority: fields.priority.optional(),
    dueDate: fields.dueDate.nullable().optional(),
  })
  .refine((changes) => Object.keys(changes).length > 0, 'Expected at least one field to change')
  .meta({ minProperties: 1 });

/** The fields a list may be sorted by: an allow-list, as the sort reaches SQL as a column name. */
export const taskSortFields = ['createdAt', 'updatedAt', 'title', 'priority', 'dueDate'] as const;

/**
 * The filters of a list, each an optional query parameter, cast from the query string and checked by its field's
 * rules: a field's name asks for equality (`title`), [gt], [gte], [lt] or [lte] after it for a range
 * (`priority[gte]`), [contains] for part of a text, in any case (`title[contains]`). An unknown parameter or
 * operator is a 400.
 */
export const taskFiltersSchema = z.object({
  // Query values are text: 'true'/'false' (also 1/0, yes/no) become booleans; numbers are cast, then checked.
  title: fields.title.optional().describe('Only tasks whose title equals this'),
  'title[contains]': containsQuerySchema.optional().describe('Only tasks whose title contains this text, in any case'),
  done: z.stringbool().optional().describe('Only tasks whose done equals this (true or false)'),
  priority: numberQuerySchema(fields.priority).optional().describe('Only tasks whose priority equals this'),
  'priority[gt]': numberQuerySchema(fields.priority).optional().describe('Only tasks whose priority is above this'),
  'priority[gte]': numberQuerySchema(fields.priority).optional().describe('Only tasks whose priority is this or above'),
  'priority[lt]': numberQuerySchema(fields.priority).optional().describe('Only tasks whose priority is below this'),
  'priority[lte]': numberQuerySchema(fields.priority).optional().describe('Only tasks whose priority is this or below'),
  dueDate: fields.dueDate.optional().describe('Only tasks whose due date equals this'),
  'dueDate[gt]': fields.dueDate.optional().describe('Only tasks whose due date is after this'),
  'dueDate[gte]': fields.dueDate.optional().describe('Only tasks whose due date is this or after'),
  'dueDate[lt]': fields.dueDate.optional().describe('Only tasks whose due date is before this'),
  'dueDate[lte]': fields.dueDate.optional().describe('Only tasks whose due date is this or before'),
});

/** GET list query. As with bodies, an unknown parameter (often a misspelt filter) is a 400, not ignored. */
export const listTasksQuerySchema = z.strictObject({
  page: pageQuerySchema,
  limit: limitQuerySchema,
  sortBy: z.enum(taskSortFields).default('createdAt'),
  sortOrder: sortOrderQuerySchema,
  ...taskFiltersSchema.shape,
});

export const taskListSchema = listResponseSchema(taskSchema);

/** The path of the collection, /v1/projects/:projectId/tasks. */
export const projectTasksParamsSchema = z.object({ projectId: z.uuid() });

/** The path of one task, /v1/projects/:projectId/tasks/:id. */
export const taskParamsSchema = z.object({ projectId: z.uuid(), id: z.uuid() });

export type Task = z.output<typeof taskSchema>;
export type CreateTask = z.output<typeof createTaskSchema>;
export type ReplaceTask = z.output<typeof replaceTaskSchema>;
export type UpdateTask = z.output<typeof updateTaskSchema>;
export type TaskSortField = (typeof taskSortFields)[number];
export type TaskFilters = z.output<typeof taskFiltersSchema>;
export type ListTasksQuery = z.output<typeof listTasksQuerySchema>;
export type ProjectTasksParams = z.output<typeof projectTasksParamsSchema>;
export type TaskParams = z.output<typeof taskParamsSchema>;
