import { z } from 'zod';

export const healthResponseSchema = z.object({ status: z.literal('ok') });

export const checkStatusSchema = z.enum(['ok', 'fail']);

export const readyResponseSchema = z.object({
  status: z.literal('ok'),
  checks: z.record(z.string(), checkStatusSchema),
});

export type CheckStatus = z.infer<typeof checkStatusSchema>;
