import { describe, expect, it } from 'vitest';

import { testConfig } from '../../test/helpers.js';
import { connectDatabase } from './connection.js';

describe('connectDatabase', () => {
  // On a server only: a second embedded database would cost this worker seconds and memory.
  it.runIf(process.env.TEST_DATABASE_URL)('ends its pool on close, even when only the pool was used', async () => {
    const database = await connectDatabase(testConfig({ DATABASE_URL: process.env.TEST_DATABASE_URL ?? '' }));
    await database.pool.query('SELECT 1');

    await database.close();

    expect(database.pool.ended).toBe(true);
  });
});
