import { z } from 'zod';

import { emailSchema, passwordSchema } from '../users/users.schemas.js';

export const credentialsSchema = z.strictObject({ email: emailSchema, password: passwordSchema });

/**
 * Login takes any email and password up to the length limits: a malformed email or a short password is just
 * a failed login (401, like any other), and says nothing about the rules passwords are made with.
 */
export const loginSchema = z.strictObject({
  email: z.string().min(1).max(254).toLowerCase(),
  password: z.string().min(1).max(128),
});

export const refreshSchema = z.strictObject({ refreshToken: z.string().min(1).max(256) });

/** What login and refresh return (the OAuth 2 token response's shape, in camelCase). */
export const tokensSchema = z
  .object({
    accessToken: z.string(),
    tokenType: z.literal('Bearer'),
    /** Seconds until the access token expires. */
    expiresIn: z.number().int(),
    refreshToken: z.string(),
  })
  .meta({ id: 'Tokens' });

export type Tokens = z.infer<typeof tokensSchema>;
