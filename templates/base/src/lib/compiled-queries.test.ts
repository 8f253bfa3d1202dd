import { describe, expect, it } from 'vitest';

import { getTestDatabase } from '../../test/helpers.js';
import { compileOnce } from './compiled-queries.js';

// The migrations' own bookkeeping table: every migrated database has its rows.
type Migrations = { kysely_migration: { name: string; timestamp: string } };

describe('compileOnce', () => {
  it('runs the SQL compiled once with the values of each call, in their places, keeping the query’s constants', async () => {
    const db = (await getTestDatabase()).db.withTables<Migrations>();
    const names = (await db.selectFrom('kysely_migration').select('name').orderBy('name').execute()).map(
      (row) => row.name,
    );
    const [first, second, third] = names;

    const someOf = compileOnce(db, (last: string, start: string) =>
      db
        .selectFrom('kysely_migration')
        .select('name')
        .where('name', '>=', start)
        .where('name', '<=', last)
        .where('name', '!=', 'not a migration')
        .orderBy('name'),
    );

    expect(await someOf(second!, first!)).toEqual([{ name: first }, { name: second }]);
    expect(await someOf(third!, second!)).toEqual([{ name: second }, { name: third }]);
    expect(await someOf(first!, third!)).toEqual([]);
  });

  it('refuses, as it compiles, a query that looks into a value rather than passing it on', async () => {
    const db = (await getTestDatabase()).db.withTables<Migrations>();
    // Compiled once, the branch taken for the stand-in would be taken for every value.
    const build = (scope: { name: string } | { every: true }) =>
      db
        .selectFrom('kysely_migration')
        .select('name')
        .where((eb) => ('name' in scope ? eb('name', '=', scope.name) : eb.lit(true)));

    expect(() => compileOnce(db, build)).toThrow(
      'value 1 of select "name" from "kysely_migration" where true is not sent as a parameter',
    );
  });
});
