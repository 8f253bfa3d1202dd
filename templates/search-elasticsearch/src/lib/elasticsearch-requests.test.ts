import { describe, expect, it } from 'vitest';

import { documentOf, indexDefinition, searchRequest, type SearchIndexSpec } from './elasticsearch-requests.js';

const articles: SearchIndexSpec = {
  table: 'articles',
  fields: [
    { name: 'title', column: 'title', weight: 'A' },
    { name: 'summary', column: 'summary', weight: 'B' },
    { name: 'body', column: 'body', weight: 'C' },
  ],
  keys: ['owner_id'],
};
const fields = ['title^1', 'summary^0.4', 'body^0.2'];

describe('the requests of search in Elasticsearch', () => {
  it('maps each searchable field through the language analyser, and the scope keys as exact values', () => {
    expect(indexDefinition(articles, 'english')).toEqual({
      settings: {
        analysis: {
          filter: { search_stemmer: { type: 'stemmer', language: 'english' } },
          analyzer: {
            search_text: {
              type: 'custom',
              tokenizer: 'standard',
              filter: ['lowercase', 'asciifolding', 'search_stemmer'],
            },
          },
        },
      },
      mappings: {
        dynamic: 'strict',
        properties: {
          title: { type: 'text', analyzer: 'search_text' },
          summary: { type: 'text', analyzer: 'search_text' },
          body: { type: 'text', analyzer: 'search_text' },
          owner_id: { type: 'keyword' },
        },
      },
    });
  });

  it('stems nothing in a language without a stemmer (simple)', () => {
    const { analysis } = indexDefinition(articles, undefined).settings;
    expect(analysis).not.toHaveProperty('filter');
    expect(analysis.analyzer.search_text.filter).toEqual(['lowercase', 'asciifolding']);
  });

  it('asks for each word in any field, boosted by weight, with typos allowed, the last one as a prefix too', () => {
    const fuzzy = (word: string) => ({ multi_match: { query: word, fields, operator: 'and', fuzziness: 'AUTO' } });
    expect(searchRequest(articles, 'kubernetis oper', { owner_id: 'u1' }, { size: 1000, highlight: false })).toEqual({
      size: 1000,
      _source: false,
      query: {
        bool: {
          should: [
            {
              bool: {
                must: [
                  fuzzy('kubernetis'),
                  {
                    bool: {
                      should: [
                        { multi_match: { query: 'oper', fields, operator: 'and', type: 'bool_prefix' } },
                        fuzzy('oper'),
                      ],
                      minimum_should_match: 1,
                    },
                  },
                ],
              },
            },
          ],
          minimum_should_match: 1,
          filter: [{ term: { owner_id: 'u1' } }],
        },
      },
    });
  });

  it('matches a phrase as a phrase, excludes a -word from every field, and ends typing with a space', () => {
    const { query } = searchRequest(articles, '"big data" -pipelines', {}, { size: 10, highlight: false });
    expect(query.bool.should).toEqual([
      {
        bool: {
          must: [{ multi_match: { query: 'big data', fields, type: 'phrase' } }],
          must_not: [{ multi_match: { query: 'pipelines', fields } }],
        },
      },
    ]);
    expect(query.bool.filter).toEqual([]);
    const everyOwner = searchRequest(articles, 'data', { owner_id: undefined }, { size: 10, highlight: false });
    expect(everyOwner.query.bool.filter).toEqual([]);
    const typed = searchRequest(articles, 'kubernetes ', {}, { size: 10, highlight: false });
    expect(typed.query.bool.should[0]!.bool.must).toEqual([
      { multi_match: { query: 'kubernetes', fields, operator: 'and', fuzziness: 'AUTO' } },
    ]);
  });

  it('gives each alternative of OR its own clause, any of which may match', () => {
    const { query } = searchRequest(articles, 'zeppelin OR database', {}, { size: 10, highlight: false });
    const [zeppelin, database] = query.bool.should.map((clause) => clause.bool.must);
    expect(zeppelin).toEqual([{ multi_match: { query: 'zeppelin', fields, operator: 'and', fuzziness: 'AUTO' } }]);
    // The last alternative ends the query: its last word may still be being typed.
    expect(database).toEqual([{ bool: expect.objectContaining({ minimum_should_match: 1 }) }]);
    expect(query.bool.minimum_should_match).toBe(1);
  });

  it('asks for highlights, with the marks lib/search.ts turns into <mark>, only when the list wants them', () => {
    const request = searchRequest(articles, 'kubernetes', {}, { size: 10, highlight: true });
    expect(request.highlight).toEqual({
      pre_tags: ['\uE000'],
      post_tags: ['\uE001'],
      fields: {
        title: { number_of_fragments: 2 },
        summary: { number_of_fragments: 2 },
        body: { number_of_fragments: 2 },
      },
    });
    expect(searchRequest(articles, 'kubernetes', {}, { size: 10, highlight: false })).not.toHaveProperty('highlight');
  });

  it("makes a row's document of its searchable fields and keys only, an unset field as null", () => {
    const row = { id: 'a1', title: 'Kubernetes', summary: undefined, body: 'Operators', owner_id: 'u1', version: 3 };
    expect(documentOf(articles, row)).toEqual({
      title: 'Kubernetes',
      summary: null,
      body: 'Operators',
      owner_id: 'u1',
    });
  });
});
