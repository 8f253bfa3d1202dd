import { z } from 'zod';

import { permissions } from '../../auth/permissions.js';
import { limitQuerySchema, listResponseSchema, pageQuerySchema } from '../../lib/pagination.js';

/** An API key as the API shows it: never the key itself (that is shown once, at creation) nor its hash. */
export const apiKeySchema = z
  .object({
    id: z.uuid(),
    ownerId: z.uuid(),
    name: z.string(),
    /** The public start of the key (`sk_<prefix>_...`), to tell keys apart. */
    prefix: z.string(),
    scopes: z.array(z.enum(permissions)),
    expiresAt: z.iso.datetime().nullable(),
    lastUsedAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'ApiKey' });

export type ApiKey = z.infer<typeof apiKeySchema>;

/** The answer to creating a key: the key, in `key`, this once and never again. */
export const newApiKeySchema = apiKeySchema.extend({ key: z.string() }).meta({ id: 'NewApiKey' });

export type NewApiKey = z.infer<typeof newApiKeySchema>;

export const createApiKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z
    .array(z.enum(permissions))
    .min(1)
    .refine((scopes) => new Set(scopes).size === scopes.length, 'Scopes must not repeat'),
  expiresAt: z.iso
    .datetime()
    .nullable()
    .default(null)
    .refine((expiresAt) => expiresAt === null || new Date(expiresAt) > new Date(), 'Must be in the future'),
});

export type CreateApiKey = z.infer<typeof createApiKeySchema>;

export const apiKeyParamsSchema = z.object({ id: z.uuid() });

export const listApiKeysQuerySchema = z.object({ page: pageQuerySchema, limit: limitQuerySchema });

export const apiKeyListSchema = listResponseSchema(apiKeySchema);
