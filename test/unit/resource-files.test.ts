import { describe, expect, it } from 'vitest';
import { nextMigrationTimestamp } from '../../src/resources/resource-files.js';

describe('nextMigrationTimestamp', () => {
  it('is the current UTC time when no migration is later', () => {
    expect(
      nextMigrationTimestamp(['20260101000000_create_set_updated_at_function.ts'], new Date('2026-11-26T05:21:53Z')),
    ).toBe('20261126052153');
  });

  it('comes one real second after the latest migration, so that it runs last', () => {
    expect(nextMigrationTimestamp(['20261126235959_create_projects.ts'], new Date('2026-11-26T05:00:00Z'))).toBe(
      '20261127000000',
    );
  });
});
