import { type Feature, sameEverywhere } from '../types.js';

/**
 * Full-text search in Elasticsearch, for resources with searchable fields (the `searchable` trait of `backend add
 * resource`): an index per resource whose mapping follows the fields' weights, kept in step with every write, and
 * searched with typos allowed and the last word as a prefix. Elasticsearch finds the best matches; PostgreSQL
 * filters, sorts, pages and counts them, as any list (lib/search-index.ts). Without ELASTICSEARCH_URL (development,
 * tests) search is off: the service runs, and `?q=` answers 503.
 */
export const searchElasticsearchFeature: Feature = {
  id: 'search-elasticsearch',
  description: 'Full-text search in Elasticsearch: an index per resource, fuzziness, bool_prefix, highlights, reindex',
  provides: { search: 'elasticsearch' },
  requires: ['search'],
  when: (options) => options.search === 'elasticsearch',
  dependencies: ['@elastic/elasticsearch'],
  devDependencies: [],
  env: [
    {
      name: 'ELASTICSEARCH_URL',
      description: 'the Elasticsearch cluster, e.g. `http://127.0.0.1:9200` (credentials in the URL, `https` for TLS)',
      // Empty is unset: the tests' default, so that a cluster named by the environment is the one they use.
      schema: "z.optional(z.url({ protocol: /^https?$/ }).or(z.literal('').transform(() => undefined)))",
      defaults: { test: '' },
      example: 'http://127.0.0.1:9200',
      requiredInProduction: true,
      unsetMeans: 'search is off: `?q=` answers 503, writes index nothing',
      setByTemplates: true,
      productionTestValue: 'http://127.0.0.1:9200',
    },
    {
      name: 'ELASTICSEARCH_INDEX_PREFIX',
      description:
        "the first part of every index's name (`<prefix>-<table>`), so that services sharing a cluster keep apart",
      schema: 'z.optional(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/))',
      unsetMeans: "the service's name (`<name>-test` in tests)",
    },
    {
      name: 'ELASTICSEARCH_WAIT_FOR_REFRESH',
      description:
        'whether each write waits until searches see it (`true` in tests); otherwise they do within a second',
      schema: 'z.stringbool()',
      defaults: { development: 'false', test: 'true', production: 'false' },
    },
    {
      name: 'ELASTICSEARCH_TIMEOUT_MS',
      description: 'a request to Elasticsearch that has not answered by then fails (a search with a 503)',
      schema: 'z.coerce.number().int().positive()',
      defaults: sameEverywhere('5000'),
    },
  ],
  scripts: {
    'search:reindex': {
      command: 'tsx src/scripts/search-reindex.ts',
      arguments: '[-- <table>]',
      description:
        "rebuilds the search indexes (all, or one resource's) from PostgreSQL, with no pause in searches: after " +
        'a mapping change, or an outage of Elasticsearch',
    },
  },
  templates: 'search-elasticsearch',
  contributes: {
    services: [
      {
        name: 'search',
        type: 'SearchIndex',
        typeFrom: 'lib/search-index.js',
        connect: 'connectSearch',
        connectFrom: 'lib/search-index.js',
        description: 'the search indexes of the searchable resources, in Elasticsearch (lib/search-index.ts)',
        readiness: { name: 'search', optional: true },
        handedToJobs: true,
      },
    ],
    composeServices: [
      {
        name: 'elasticsearch',
        yaml: [
          '  # Full-text search: one node, without security, for development only. Its indexes are rebuilt from',
          '  # PostgreSQL by `npm run search:reindex`, so nothing is kept on disk. The line of the client (9.4), which',
          '  # works with this minor and later ones.',
          '  elasticsearch:',
          '    image: docker.elastic.co/elasticsearch/elasticsearch:9.4.0',
          '    environment:',
          '      discovery.type: single-node',
          "      xpack.security.enabled: 'false'",
          '      ES_JAVA_OPTS: -Xms512m -Xmx512m',
          '    ports:',
          "      - '9200:9200'",
          '    healthcheck:',
          "      test: ['CMD-SHELL', 'curl -fs http://127.0.0.1:9200/_cluster/health?wait_for_status=yellow']",
          '      interval: 5s',
          '      timeout: 5s',
          '      retries: 30',
        ].join('\n'),
        environment: [{ name: 'ELASTICSEARCH_URL', value: 'http://elasticsearch:9200' }],
      },
    ],
  },
};
