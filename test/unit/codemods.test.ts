import { describe, expect, it } from 'vitest';
import { codemodIds, codemods, runCodemods } from '../../src/engine/codemods.js';

const migratorAllowsUnordered = codemods.find((codemod) => codemod.id === 'migrator-allows-unordered-migrations')!;

const before = `import { Migrator } from 'kysely';

export function createMigrator(db: Kysely<Database>): Migrator {
  // Ours: the migrations live next to the schema.
  return new Migrator({
    db,
    provider: ourProvider,
  });
}
`;

describe('codemods', () => {
  it('brings a migrator the team rewrote to the new shape, leaving the rest of the file alone', () => {
    const report = runCodemods(new Map([['src/db/our-migrator.ts', before]]), [migratorAllowsUnordered]);
    expect(report.lines).toEqual([
      { action: 'CODEMOD', path: 'src/db/our-migrator.ts', note: 'migrator-allows-unordered-migrations' },
    ]);
    const after = report.changed.get('src/db/our-migrator.ts')!;
    expect(after).toContain('allowUnorderedMigrations: true');
    expect(after).toContain('// Ours: the migrations live next to the schema.');
    expect(after).toContain('provider: ourProvider,');
  });

  it('is idempotent: code in the new shape is left as it is', () => {
    const once = runCodemods(new Map([['src/db/migrator.ts', before]]), [migratorAllowsUnordered]);
    const twice = runCodemods(new Map([['src/db/migrator.ts', once.changed.get('src/db/migrator.ts')!]]), [
      migratorAllowsUnordered,
    ]);
    expect(twice.changed.size).toBe(0);
    expect(twice.lines).toEqual([]);
  });

  it('skips, with a warning saying what to do, a shape it does not recognise', () => {
    const settingsElsewhere = "import { Migrator } from 'kysely';\nexport const migrator = new Migrator(settings);\n";
    const report = runCodemods(new Map([['src/db/migrator.ts', settingsElsewhere]]), [migratorAllowsUnordered]);
    expect(report.changed.size).toBe(0);
    expect(report.lines).toEqual([
      {
        action: 'WARN',
        path: 'src/db/migrator.ts',
        note: expect.stringMatching(/^migrator-allows-unordered-migrations: .*add allowUnorderedMigrations: true/),
      },
    ]);
  });

  it('warns when the service has no migrator it can find', () => {
    const report = runCodemods(new Map([['src/app.ts', 'export const app = 1;\n']]), [migratorAllowsUnordered]);
    expect(report.lines).toEqual([
      { action: 'WARN', path: 'src', note: expect.stringContaining('found no new Migrator({ ... })') },
    ]);
  });

  it('each has an id of its own, recorded by every new service', () => {
    expect(new Set(codemodIds).size).toBe(codemods.length);
  });
});
