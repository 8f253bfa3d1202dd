/**
 * PostgreSQL's reserved key words, and those that cannot name a function or type: a column or table named so
 * must be double-quoted in raw SQL (Kysely quotes the names it writes itself).
 */
const sqlKeywords = new Set(
  [
    'all analyse analyze and any array as asc asymmetric authorization between bigint binary bit boolean both case',
    'cast char character check coalesce collate collation column concurrently constraint create cross current_catalog',
    'current_date current_role current_schema current_time current_timestamp current_user dec decimal default',
    'deferrable desc distinct do else end except exists extract false fetch float for foreign freeze from full grant',
    'greatest group grouping having ilike in initially inner inout int integer intersect interval into is isnull join',
    'lateral leading least left like limit localtime localtimestamp national natural nchar none normalize not notnull',
    'null nullif numeric offset on only or order out outer overlaps overlay placing position precision primary real',
    'references returning right row select session_user setof similar smallint some substring symmetric system_user',
    'table tablesample then time timestamp to trailing treat trim true union unique user using values varchar',
    'variadic verbose when where window with',
  ]
    .join(' ')
    .split(' '),
);

/** A table or column name as raw SQL writes it: quoted when PostgreSQL would read it as a key word. */
export const sqlName = (name: string) => (sqlKeywords.has(name) ? `"${name}"` : name);
