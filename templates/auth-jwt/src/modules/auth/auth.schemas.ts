import { z } from 'zod';

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
