import { randomUUID } from 'node:crypto';

import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';

import { getTestDatabase } from '../../test/helpers.js';
import { runJob } from '../../test/jobs.js';
import { analyzeTablesJob } from './analyze-tables.job.js';
import { next } from './job.js';
import { purgeExpiredJob } from './purge-expired.job.js';

describe('the purge-expired job', () => {
  async function idempotencyKey(expiresIn: string): Promise<string> {
    const { db } = await getTestDatabase();
    const key = randomUUID();
    await db
      .insertInto('idempotency_keys')
      .values({
        scope: 'test',
        key,
        fingerprint: 'f',
        attempt: randomUUID(),
        expires_at: sql<Date>`now() + ${expiresIn}::interval`,
      })
      .execute();
    return key;
  }

  async function keyExists(key: string): Promise<boolean> {
    const { db } = await getTestDatabase();
    const row = await db.selectFrom('idempotency_keys').select('key').where('key', '=', key).executeTakeFirst();
    return row !== undefined;
  }

  it('deletes the rows whose time is up, keeps the others, and chains analyze-tables for the tables it changed', async () => {
    const [expired, current] = [await idempotencyKey('-1 minute'), await idempotencyKey('1 hour')];

    const chained = await runJob(purgeExpiredJob, {});

    expect(await keyExists(expired)).toBe(false);
    expect(await keyExists(current)).toBe(true);
    expect(chained).toEqual([next(analyzeTablesJob, { tables: expect.arrayContaining(['idempotency_keys']) })]);
  });

  it('chains nothing when nothing had expired', async () => {
    await runJob(purgeExpiredJob, {}); // whatever earlier tests left

    expect(await runJob(purgeExpiredJob, {})).toEqual([]);
  });

  it('analyzes the tables it is given, and only those it purges', async () => {
    await expect(runJob(analyzeTablesJob, { tables: ['idempotency_keys'] })).resolves.toBeUndefined();
    expect(analyzeTablesJob.payload.safeParse({ tables: ['users'] }).success).toBe(false);
  });
});
