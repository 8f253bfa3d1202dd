import type { FieldSpec, SearchWeight } from '../field-spec.js';
import type { ResourceModel } from '../model.js';
import { sqlName } from '../render-fields.js';
import { capitalize, lineComment, withArticle } from '../render-names.js';
import type { ImportSpec, Trait } from './types.js';

/**
 * Full-text search in a resource's lists (`?q=`), for the fields given `searchable(A|B|C|D)`: two columns the
 * database computes from them, each with a GIN index (the weighted words, and the text for trigrams), and a list
 * that ranks by relevance, highlights on request and falls back to similar spellings (lib/postgres-search.ts).
 * The trait follows from the fields, so it is not recorded: removing the last searchable field removes it.
 */
export const searchableTrait: Trait = {
  id: 'searchable',
  follows: (model) => searchableFields(model).length > 0,
  requires: [
    {
      feature: 'search',
      message: 'Searchable fields need a service with search, and this one was generated with --search none.',
    },
  ],
  contribute(model) {
    const { names } = model;
    const fields = searchableFields(model);
    const listItem = {
      from: `./${names.kebab}.schemas.js`,
      names: [{ name: `${names.singularPascal}ListItem`, typeOnly: true }],
    };
    const named = fields.map((field) => ({ name: field.name, column: field.column, weight: weightOf(field) }));
    const searchImports = (...list: string[]): ImportSpec[] => [
      {
        from: '../../lib/search.js',
        names: list.map((name) => (name.startsWith('type ') ? { name: name.slice(5), typeOnly: true } : { name })),
      },
    ];
    // Each engine's repository imports its own, then what both use.
    const importsWith = (repository: readonly ImportSpec[]) => ({
      schemas: searchImports('highlightQuerySchema', 'searchQuerySchema'),
      repository: [...repository, listItem],
      service: [...searchImports('type TextSearch'), listItem],
    });
    const common = {
      list: { search: { highlights: fields.map((field) => field.name) } },
      note:
        `${capitalize(names.pluralWords)} are searchable: GET /v1/${names.kebab}?q=... ranks by ` +
        `${weighted(fields)}; add &highlight=true for snippets.`,
    };
    if (indexedByElasticsearch(model)) {
      const index = searchIndexName(model);
      // With a queue, a job keeps the index in step, enqueued in the transaction of each write; without, each write
      // indexes its row itself, once it is saved.
      const sync = model.queued
        ? {
            imports: [
              { from: '../../jobs/search-index.job.js', names: [{ name: 'searchIndexJob' }] },
              { from: '../../lib/queue.js', names: [{ name: 'Queue', typeOnly: true }] },
            ],
            repository: {
              uses: [
                { service: 'search', parameter: 'private readonly search: SearchIndex' },
                { service: 'queue', parameter: 'private readonly queue: Queue' },
              ] as const,
              inWrite: {
                written: `await this.queue.enqueue(searchIndexJob, { table: '${names.table}', id: row.id }, { transaction });`,
                deleted: `await this.queue.enqueue(searchIndexJob, { table: '${names.table}', id }, { transaction });`,
                what: 'the job that indexes it',
              },
            },
            note: `A search-index job, enqueued with each write, keeps their index (${names.table}) in step;`,
          }
        : {
            imports: [],
            repository: {
              uses: [{ service: 'search', parameter: 'private readonly search: SearchIndex' }] as const,
              afterWrite: {
                written: `await this.search.put(${index}, row); // searches find it as it is now`,
                deleted: `await this.search.remove(${index}, id);`,
              },
            },
            note: `Elasticsearch keeps their index (${names.table}) in step with each write;`,
          };
      return {
        ...common,
        imports: importsWith([
          { from: 'kysely', names: [{ name: 'sql' }] },
          ...sync.imports,
          { from: '../../lib/elasticsearch-requests.js', names: [{ name: 'SearchIndexSpec', typeOnly: true }] },
          { from: '../../lib/search-index.js', names: [{ name: 'SearchIndex', typeOnly: true }] },
          ...searchImports('type TextSearch'),
        ]),
        repository: {
          ...sync.repository,
          list: { template: 'traits/searchable/repository-list-elasticsearch', context: { searchable: { index } } },
          functions: [
            { template: 'traits/searchable/repository-index', context: { searchable: { index, fields: named } } },
          ],
        },
        searchIndex: index,
        note: `${common.note} ${sync.note} \`npm run search:reindex\` rebuilds it.`,
      };
    }
    const typos = typoFields(fields);
    return {
      ...common,
      imports: importsWith([
        { from: 'kysely', names: [{ name: 'RawBuilder', typeOnly: true }, { name: 'sql' }] },
        { from: '../../lib/postgres-search.js', names: [{ name: 'prepareSearch' }] },
        ...searchImports('toHighlight', 'type TextSearch'),
      ]),
      migration: {
        after: [
          {
            template: 'traits/searchable/migration',
            context: {
              searchable: {
                // Each field's words twice: stemmed, with their positions and weight, to match and rank words
                // (search_config); and as written, unaccented, without positions (strip), to match the start of a
                // word that stemming cuts shorter ("replicat" of "replication") and to take part in no phrase.
                vector: fields
                  .map(
                    (field) =>
                      `setweight(to_tsvector('search_config', ${textOf(field)}), '${weightOf(field)}') || ` +
                      `strip(to_tsvector('search_words', ${textOf(field)}))`,
                  )
                  .join(' ||\n        '),
                text: `search_unaccent(lower(${typos.map(textOf).join(" || ' ' || ")}))`,
                comment: lineComment(
                  `Full-text search (src/lib/postgres-search.ts) in ${weighted(fields)}. PostgreSQL computes both ` +
                    'columns on every write (STORED): search_vector holds the words, stemmed and weighted by field, ' +
                    `and as written; search_text the text of ${typos.map((field) => field.name).join(', ')}, ` +
                    'whose trigrams find misspelt words.',
                  '  ',
                ),
              },
            },
          },
        ],
      },
      repository: {
        hiddenColumns: true,
        list: { template: 'traits/searchable/repository-list', context: { searchable: { fields: named } } },
        functions: [{ template: 'traits/searchable/repository-functions', context: { searchable: { fields: named } } }],
      },
    };
  },
  test(model, plan) {
    const fields = [...searchableFields(model)].sort((a, b) => weightOf(a).localeCompare(weightOf(b)));
    const first = fields[0]!;
    const last = fields.at(-1)!;
    const elasticsearch = indexedByElasticsearch(model);
    // With a queue, the tests see the jobs the writes enqueue, and run them before a search.
    const queued = elasticsearch && model.queued === true;
    return {
      ...(elasticsearch
        ? {
            imports: [
              ...(queued
                ? [
                    { from: '../../../test/jobs.js', names: [{ name: 'waitingPayloads' }] },
                    { from: '../../../test/search-jobs.js', names: [{ name: 'runSearchIndexJobs' }] },
                    { from: '../../jobs/search-index.job.js', names: [{ name: 'searchIndexJob' }] },
                  ]
                : []),
              { from: '../../../test/search.js', names: [{ name: 'clearSearchIndex' }, { name: 'searchIsOn' }] },
              { from: `./${model.names.kebab}.repository.js`, names: [{ name: searchIndexName(model) }] },
            ],
          }
        : {}),
      block: {
        template: 'traits/searchable/test',
        context: {
          searchable: {
            top: first.name,
            // A second field that counts less, for the test of weights; false when every searchable field counts alike.
            lower: weightOf(last) === weightOf(first) ? false : last.name,
            corpus: plan.variable('searchCorpus'),
            // Whether the field that counts least is left out of PostgreSQL's comparison of misspellings
            lowerOutsideTypos: !elasticsearch && !typoFields(fields).includes(last),
            typoFields: typoFields(fields)
              .map((field) => field.name)
              .join(' and '),
            // Rows of another user, to show that they weigh nothing: made at the same URL, so not under a parent.
            // (Elasticsearch weighs a word by its rarity in the whole index: see lib/search-index.ts.)
            owned: !elasticsearch && model.traits.includes('owned') && !model.parent,
            elasticsearch: elasticsearch && { index: searchIndexName(model), queued },
            // What a search's list is: one that runs the indexing jobs first, with a queue.
            list: queued ? plan.variable('listIndexed') : 'list',
            entityWithArticle: withArticle(model.names.singularWords),
          },
        },
      },
    };
  },
};

/** Whether Elasticsearch searches the resource (a service with --search elasticsearch), not PostgreSQL. */
export function indexedByElasticsearch(model: ResourceModel): boolean {
  return model.searchEngine === 'elasticsearch' && searchableFields(model).length > 0;
}

/** The repository's export of a resource's search index: `articlesSearchIndex` */
const searchIndexName = (model: ResourceModel) => `${model.names.plural}SearchIndex`;

/** The searchable fields of a resource, in the order given. */
export function searchableFields(model: ResourceModel): FieldSpec[] {
  return model.fields.filter((field) => field.searchWeight !== undefined);
}

const weightOf = (field: FieldSpec): SearchWeight => field.searchWeight ?? 'B';

/**
 * The fields whose text the trigrams compare for misspellings: those of weight A and B (titles, summaries), when
 * there are any. Comparing every body too would cost a large table seconds per misspelt search.
 */
function typoFields(fields: readonly FieldSpec[]): FieldSpec[] {
  const short = fields.filter((field) => weightOf(field) === 'A' || weightOf(field) === 'B');
  return short.length > 0 ? short : [...fields];
}

/** `title (A), body (C)` */
const weighted = (fields: readonly FieldSpec[]) =>
  fields.map((field) => `${field.name} (${weightOf(field)})`).join(', ');

/** A field's column as text for to_tsvector: an optional one is '' when NULL, as NULL would make the whole NULL. */
const textOf = (field: FieldSpec) =>
  field.optional ? `coalesce(${sqlName(field.column)}, '')` : sqlName(field.column);
