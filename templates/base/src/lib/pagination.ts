import { z } from 'zod';

/** The most rows one page may hold. A larger `limit` is a 400 that says so, rather than a page silently cut short. */
export const maxLimit = 100;

// Query strings arrive as text: page and limit are cast to numbers, then validated.
export const pageQuerySchema = z.coerce.number().int().min(1).default(1);
export const limitQuerySchema = z.coerce.number().int().min(1).max(maxLimit).default(20);
export const sortOrderQuerySchema = z.enum(['asc', 'desc']).default('desc');

export type SortOrder = z.output<typeof sortOrderQuerySchema>;

/** What a repository's list method is asked for: the filters, the order, and which page. */
export interface ListOptions<Filters, SortField> {
  filters: Filters;
  sortBy: SortField;
  sortOrder: SortOrder;
  page: number;
  limit: number;
}

/** What a repository's list method returns: one page of rows, and how many rows match the filters in all. */
export interface ListResult<Item> {
  rows: Item[];
  total: number;
}

/** The body of every list response: one page of items, and what the client needs to ask for the others. */
export function listResponseSchema<Item extends z.ZodType>(item: Item) {
  return z.object({
    data: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    limit: z.number().int(),
    totalPages: z.number().int(),
  });
}

export interface ListResponse<Item> {
  data: Item[];
  total: number;
  page: number;
  limit: number;
  totalPages: number;
}

export function toListResponse<Item>(
  { rows, total }: ListResult<Item>,
  { page, limit }: { page: number; limit: number },
): ListResponse<Item> {
  return { data: rows, total, page, limit, totalPages: Math.ceil(total / limit) };
}
