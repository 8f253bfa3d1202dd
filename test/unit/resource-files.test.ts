import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nextMigrationTimestamp } from '../../src/resources/resource-files.js';

describe('nextMigrationTimestamp', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'create-backend-migrations-'));
    await mkdir(join(root, 'migrations'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('is the current UTC time when no migration is later', () => {
    expect(nextMigrationTimestamp(root, new Date('2026-11-26T05:21:53Z'))).toBe('20261126052153');
  });

  it('comes one real second after the latest migration, so that it runs last', async () => {
    await writeFile(join(root, 'migrations', '20261126235959_create_projects.ts'), '');
    expect(nextMigrationTimestamp(root, new Date('2026-11-26T05:00:00Z'))).toBe('20261127000000');
  });
});
