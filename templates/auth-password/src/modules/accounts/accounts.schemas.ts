import { z } from 'zod';

import { emailSchema } from '../users/users.schemas.js';

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
