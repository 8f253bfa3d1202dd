import { z } from 'zod';

import { roles } from '../../auth/permissions.js';
import { limitQuerySchema, listResponseSchema, pageQuerySchema } from '../../lib/pagination.js';

/** Emails are compared lower-cased everywhere: `Ada@Example.com` and `ada@example.com` are one account. */
export const emailSchema = z.email().max(254).toLowerCase();

// Long passphrases are welcome; the upper bound only keeps a request from handing the hash megabytes.
export const passwordSchema = z.string().min(12).max(128);

/** Sign-up: the rules for a new account's email and password. */
export const credentialsSchema = z.strictObject({ email: emailSchema, password: passwordSchema });

/**
 * Login takes any email and password up to the length limits: a malformed email or a short password is just
 * a failed login (401, like any other), and says nothing about the rules passwords are made with.
 */
export const loginSchema = z.strictObject({
  email: z.string().min(1).max(254).toLowerCase(),
  password: z.string().min(1).max(128),
});

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
