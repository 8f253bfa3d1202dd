import type { Compilable, Kysely } from 'kysely';

/** A query compiled once: each call runs its SQL with that call's values, and resolves to the rows. */
export type CompiledOnce<Values extends unknown[], Row> = (...values: Values) => Promise<Row[]>;

/**
 * Builds and compiles a query to SQL once, at start-up, for a query that runs on every request (a row by its id).
 * Kysely otherwise builds the query's tree and compiles it to SQL on each call, the same work each time.
 *
 * `build` is called once, with a stand-in for each value; each stand-in must reach the query as a value (it is then
 * sent as a parameter, as every value is), never inspected or written into the SQL. Each call then runs the SQL with
 * its own values in the stand-ins' places. A stand-in that does not end up as a parameter is an error at start-up.
 */
export function compileOnce<Database, Values extends unknown[], Row>(
  db: Kysely<Database>,
  build: (...values: Values) => Compilable<Row>,
): CompiledOnce<Values, Row> {
  const standIns = Array.from({ length: build.length }, (_, index) => ({ standInFor: index }));
  const compiled = build(...(standIns as Values)).compile();
  // For each parameter of the SQL: the index of the value it takes, or -1 for a constant the query holds itself.
  const sources = compiled.parameters.map((parameter) => standIns.indexOf(parameter as (typeof standIns)[number]));
  standIns.forEach((_, index) => {
    if (!sources.includes(index)) {
      throw new Error(`compileOnce: value ${index + 1} of ${compiled.sql} is not sent as a parameter`);
    }
  });

  return async (...values) => {
    const parameters = compiled.parameters.map((constant, index) => {
      const source = sources[index]!;
      return source === -1 ? constant : values[source];
    });
    const { rows } = await db.executeQuery<Row>({ ...compiled, parameters });
    return rows;
  };
}
