import { z } from 'zod';

export const healthResponseSchema = z.object({ status: z.literal('ok') });

export const checkStatusSchema = z.enum(['ok', 'fail']);

export const readyResponseSchema = z.object({
  // degraded: an optional backing service (a cache) fails, and requests are served without it.
  status: z.enum(['ok', 'degraded']),
  checks: z.record(z.string(), checkStatusSchema),
});

export type CheckStatus = z.infer<typeof checkStatusSchema>;
