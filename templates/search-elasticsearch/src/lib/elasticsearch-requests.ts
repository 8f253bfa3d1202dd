import type { estypes } from '@elastic/elasticsearch';

import { markEnd, markStart, parseQuery } from './search.js';

// The requests full-text search sends to Elasticsearch, as plain data: the index of a searchable resource (its
// settings and mapping) and a search in it. Kept apart from the client, so that tests pin them without a cluster.

/** How much a match in a field counts: the ratios of PostgreSQL's weights A to D (1, 0.4, 0.2, 0.1). */
export const boosts = { A: 1, B: 0.4, C: 0.2, D: 0.1 } as const;
export type SearchWeight = keyof typeof boosts;

/**
 * What a searchable resource's index holds, one document per row, by column: the searchable fields with their
 * weights, and the keys its lists are narrowed by (an owner, a parent).
 */
export interface SearchIndexSpec {
  /** The resource's table, which names its index */
  table: string;
  fields: readonly { name: string; column: string; weight: SearchWeight }[];
  /** Columns a list is narrowed by, kept as exact values to filter on */
  keys: readonly string[];
}

/**
 * The settings and mapping of a resource's index: each searchable field analysed as PostgreSQL's search_config
 * would (lower case, accents folded, the language's stemmer), the scope keys as exact values. Strict: a document
 * with another field is refused rather than mapped by guess.
 */
export function indexDefinition(spec: SearchIndexSpec, stemmer: string | undefined) {
  return {
    settings: {
      analysis: {
        ...(stemmer ? { filter: { search_stemmer: { type: 'stemmer', language: stemmer } } } : {}),
        analyzer: {
          search_text: {
            type: 'custom',
            tokenizer: 'standard',
            filter: ['lowercase', 'asciifolding', ...(stemmer ? ['search_stemmer'] : [])],
          },
        },
      },
    },
    mappings: {
      dynamic: 'strict',
      properties: {
        ...Object.fromEntries(spec.fields.map((field) => [field.column, { type: 'text', analyzer: 'search_text' }])),
        ...Object.fromEntries(spec.keys.map((key) => [key, { type: 'keyword' }])),
      },
    },
  } satisfies Pick<estypes.IndicesCreateRequest, 'settings' | 'mappings'>;
}

/**
 * The search of `q` in a resource's index, within `scope` (the key values a list is narrowed by; an undefined one
 * narrows nothing, as an admin's owner scope): the ids of the
 * best `size` matches, most relevant first, and the highlights of each searchable field when asked. Every word must
 * match, in any field, within a few typos (fuzziness AUTO); while typing, the last word also matches as the start of
 * a longer one (bool_prefix). Quotes, OR and -word are read as lib/search.ts reads them.
 */
export function searchRequest(
  spec: SearchIndexSpec,
  q: string,
  scope: Readonly<Record<string, string | undefined>>,
  { size, highlight }: { size: number; highlight: boolean },
) {
  const { alternatives, typing } = parseQuery(q);
  const fields = spec.fields.map((field) => `${field.column}^${boosts[field.weight]}`);
  const last = alternatives.length - 1;
  const clauses = alternatives.map((alternative, index) => {
    // A query per word, each in whichever field: one multi_match of every word with operator `and` would look for
    // them all in a single field. A letter or two off at most; bool_prefix makes a prefix query of the word being
    // typed, which allows no typo, so either will do there: `kube` and `kubernetis` both find "Kubernetes".
    const wordMatches = alternative.words.map((word, position): estypes.QueryDslQueryContainer => {
      const anyField = { query: word, fields, operator: 'and' as const };
      const fuzzy = { multi_match: { ...anyField, fuzziness: 'AUTO' } };
      const beingTyped = typing && index === last && position === alternative.words.length - 1;
      return beingTyped
        ? {
            bool: {
              should: [{ multi_match: { ...anyField, type: 'bool_prefix' as const } }, fuzzy],
              minimum_should_match: 1,
            },
          }
        : fuzzy;
    });
    const must: estypes.QueryDslQueryContainer[] = [
      ...wordMatches,
      ...alternative.phrases.map((phrase) => ({ multi_match: { query: phrase, fields, type: 'phrase' as const } })),
    ];
    const mustNot = alternative.excluded.map((word) => ({ multi_match: { query: word, fields } }));
    return { bool: { must, ...(mustNot.length > 0 ? { must_not: mustNot } : {}) } };
  });
  return {
    size,
    _source: false,
    query: {
      bool: {
        should: clauses,
        minimum_should_match: 1,
        filter: Object.entries(scope).flatMap(([key, value]) =>
          value === undefined ? [] : [{ term: { [key]: value } }],
        ),
      },
    },
    ...(highlight
      ? {
          highlight: {
            pre_tags: [markStart],
            post_tags: [markEnd],
            fields: Object.fromEntries(spec.fields.map((field) => [field.column, { number_of_fragments: 2 }])),
          },
        }
      : {}),
  } satisfies Omit<estypes.SearchRequest, 'index'>;
}

/** A row's document: its searchable fields and scope keys, by column. */
export function documentOf(spec: SearchIndexSpec, row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const columns = [...spec.fields.map((field) => field.column), ...spec.keys];
  return Object.fromEntries(columns.map((column) => [column, row[column] ?? null]));
}
