import { type Kysely, type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';

import type { Database } from '../db/schema.js';
import { markEnd, markStart, parseQuery, plainWords } from './search.js';

// Full-text search in PostgreSQL, for the lists of searchable resources (`?q=`, read by lib/search.ts). The
// migration of each such resource adds two columns the database computes from the searchable fields, each with a GIN index:
// - search_vector, a tsvector: the words of every field, stemmed and without accents, each labelled with its
//   field's weight (A counts most, then B, C, D);
// - search_text, the same text lower-cased and without accents, indexed by trigrams (pg_trgm) to find words
//   that are misspelt.
// The text search configuration `search_config` (migrations/..._create_search_configuration.ts) fixes the language.

const configuration = sql.lit('search_config');

/** How many words of a query weigh its rank: each costs a count, and a long query must not cost a hundred. */
const rankedWords = 8;

/** A search, ready to run on one table: the conditions and orders that the table's list adds to its query. */
export interface PreparedSearch {
  /** Rows whose words match the query (through the GIN index on search_vector) */
  matches: RawBuilder<boolean>;
  /**
   * How well a row matches: for each word of the query, how often and how close together it appears, by the
   * weight of the field it is in (ts_rank_cd), times how rare the word is among all the rows (as a search engine
   * scores it: a word every row has tells little). Higher is better.
   */
  rank: RawBuilder<number>;
  /** Rows with words that resemble the query's, for a search that matched nothing; undefined when it has none. */
  resembles: RawBuilder<boolean> | undefined;
  /** How closely a row's words resemble the query's, from 0 to 1 (pg_trgm's word_similarity) */
  similarity: RawBuilder<number>;
  /** The matching parts of `column`, the matched words between the marks that `toHighlight` turns into <mark> */
  headline(column: string): RawBuilder<string | null>;
}

/**
 * Prepares `q` for a list of `rows` (a table, narrowed to what the caller may see and to the filters): a few
 * round trips to learn how many of those rows have each of its words, from which the rank weighs them. Counted
 * among these rows only, never the whole table: how a caller's results rank must not tell them anything about
 * rows they cannot see. A typo is met by `resembles`, which the list tries only when the query matched no row:
 * exact matches are never mixed with guesses, and a misspelt search still finds something.
 */
export async function prepareSearch<Table extends keyof Database, Row>(
  db: Kysely<Database>,
  q: string,
  rows: SelectQueryBuilder<Database, Table, Row>,
): Promise<PreparedSearch> {
  const parsed = parseQuery(q);
  const { typing } = parsed;
  const query = typing
    ? // websearch_to_tsquery has no prefix syntax: `:*` is added to the last word of what it parsed.
      sql`(regexp_replace(websearch_to_tsquery(${configuration}, ${q})::text, '''$', ''':*'))::tsquery`
    : sql`websearch_to_tsquery(${configuration}, ${q})`;

  // The words of the query as the rows store them (stemmed, unaccented), the last one a prefix while typing. Each
  // costs a count (through the GIN index), so only the first few weigh the rank; all of them must still match.
  const { rows: words } = await sql<{ term: string }>`
    WITH words AS (SELECT lexeme, positions[1] AS position FROM unnest(to_tsvector(${configuration}, ${q})))
    SELECT quote_literal(lexeme) ||
      CASE WHEN ${typing} AND position = (SELECT max(position) FROM words) THEN ':*' ELSE '' END AS term
    FROM words
    ORDER BY position
    LIMIT ${rankedWords}
  `.execute(db);
  const count = async (counted: SelectQueryBuilder<Database, Table, Row>) => {
    const { total } = await counted.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow();
    return Number(total); // count(*) is a bigint, which pg returns as a string
  };
  // A single word's rarity would weigh every row alike: it is counted only against other words.
  const [total, ...matching] =
    words.length > 1
      ? await Promise.all([
          count(rows),
          ...words.map(({ term }) => count(rows.where(sql<boolean>`search_vector @@ ${term}::tsquery`))),
        ])
      : [0];
  const ranks = words.map(({ term }, index) => {
    const rarity = words.length > 1 ? Math.log(1 + total / (1 + matching[index]!)) : 1;
    return sql`${rarity}::float8 * ts_rank_cd(search_vector, ${term}::tsquery)`;
  });

  const similarWords = plainWords(parsed);
  const pattern = sql`public.search_unaccent(lower(${similarWords}))`;
  return {
    matches: sql<boolean>`search_vector @@ ${query}`,
    rank: ranks.length > 0 ? sql<number>`(${sql.join(ranks, sql` + `)})` : sql<number>`0`,
    resembles: similarWords === '' ? undefined : sql<boolean>`${pattern} <% search_text`,
    similarity: sql<number>`word_similarity(${pattern}, search_text)`,
    headline: (column) =>
      sql<string | null>`ts_headline(${configuration}, ${sql.ref(column)}, ${query}, ${headlineOptions})`,
  };
}

// The matched words between lib/search.ts's marks, which toHighlight turns into <mark>.
const headlineOptions = `StartSel=${markStart}, StopSel=${markEnd}, MaxWords=30, MinWords=10, MaxFragments=2`;
