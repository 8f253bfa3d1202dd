import { z } from 'zod';

import { roles } from '../../auth/permissions.js';
import { limitQuerySchema, listResponseSchema, pageQuerySchema } from '../../lib/pagination.js';

/** Emails are compared lower-cased everywhere: `Ada@Example.com` and `ada@example.com` are one account. */
export const emailSchema = z.email().max(254).toLowerCase();

/** A user as the API shows it: never the password hash. */
export const userSchema = z
  .object({
    id: z.uuid(),
    email: z.email(),
    role: z.enum(roles),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'User' });

export type User = z.infer<typeof userSchema>;

export const userParamsSchema = z.object({ id: z.uuid() });

export const listUsersQuerySchema = z.object({
  page: pageQuerySchema,
  limit: limitQuerySchema,
});

export const userListSchema = listResponseSchema(userSchema);
