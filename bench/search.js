#!/usr/bin/env node
// Full-text search (--search postgres) on a generated service's own table, in PostgreSQL:
//   - the same searches through the GIN index (search_vector @@ query: a page of 20 ranked by ts_rank_cd, and the
//     count of every match) and through `ILIKE '%term%'` over the same fields (a page of 20 by date, and the count),
//     each the median of 7 runs, and their ratio, over BENCH_ROWS (50,000) generated articles;
//   - the p50 and p95 latency of GET /v1/articles?q=... through the built service (sequential requests, client side).
// Needs a PostgreSQL URL (BENCH_DATABASE_URL or TEST_DATABASE_URL) whose role may create databases. BENCH_NODE
// (default 24) runs the service.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { benchNodes, createDatabase, median, run, startServer, stopServer } from './http-load.js';

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!serverUrl) throw new Error('Set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server');
const rowCount = Number(process.env.BENCH_ROWS ?? 50_000);
const requests = Number(process.env.BENCH_REQUESTS ?? 400);
const [node] = benchNodes('24');
const createBin = new URL('../bin/create-backend.js', import.meta.url).pathname;
const backendBin = new URL('../bin/backend.js', import.meta.url).pathname;

/** Searches from a common word to a rare one, and a phrase (the words are those put in the rows). */
const searches = [
  { q: 'database', like: 'database' },
  { q: 'kubernetes', like: 'kubernetes' },
  { q: 'zeppelin', like: 'zeppelin' },
  { q: '"query planner"', like: 'query planner' },
  { q: 'replication', like: 'replication' },
];
/** Searches only the service runs: a prefix (type-ahead), and a misspelling (the trigram fallback). */
const serviceOnly = ['replicat', 'kubernetis'];

// Run inside the service with its own dependencies: `fill` makes the rows, `compare` times the two ways.
const script = `
import { performance } from 'node:perf_hooks';
import pg from 'pg';
const [command, count] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
if (command === 'fill') {
  // Words made of syllables, a vocabulary of 3,000 of them, picked so that a few are common and most are rare (as in
  // prose), and words put in some rows only: database in 1 body in 2, replication in 1 summary in 10, Kubernetes in 1
  // title in 20, the query planner in 1 body in 100, Zeppelin in 1 title in 1,000. Deterministic: setseed.
  await pool.query(\`
    SELECT setseed(0.42);
    -- The word of rank k: its syllables are the digits of k in base 23 (3,000 words of two or three syllables).
    CREATE FUNCTION pg_temp.word(k int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT s[1 + k % 23] || s[1 + (k / 23) % 23] || CASE WHEN k >= 529 THEN s[1 + (k / 529) % 23] ELSE '' END
      FROM string_to_array('ka lo mi ne ru ta si vo pe da ri mu so te lin gar bel tor wen dus fra ple zo', ' ') AS s
    $$;
    CREATE FUNCTION pg_temp.sentence(length int) RETURNS text LANGUAGE sql VOLATILE AS $$
      SELECT string_agg(pg_temp.word(floor(pow(random(), 3) * 3000)::int), ' ') FROM generate_series(1, length)
    $$;
    INSERT INTO articles (title, summary, body)
      SELECT initcap(pg_temp.sentence(5)) ||
          CASE WHEN i % 1000 = 0 THEN ' Zeppelin' WHEN i % 20 = 0 THEN ' Kubernetes' ELSE '' END,
        pg_temp.sentence(15) || CASE WHEN i % 10 = 0 THEN ' replication' ELSE '' END,
        pg_temp.sentence(80) || CASE WHEN i % 2 = 0 THEN ' database' ELSE '' END ||
          CASE WHEN i % 100 = 0 THEN ' the query planner' ELSE '' END
      FROM generate_series(1, \${Number(count)}) AS i;
  \`);
  // As a table that has settled: hint bits set, the visibility map and the planner's statistics up to date.
  await pool.query('VACUUM (ANALYZE) articles');
} else {
  const searches = JSON.parse(count);
  // Each way as the service asks: a page of 20 and, beside it, the count of every match. The median of 7 runs.
  const time = async (page, count, values) => {
    const runs = [];
    let total;
    for (let round = 0; round < 7; round += 1) {
      const started = performance.now();
      await pool.query(page, values);
      total = Number((await pool.query(count, values)).rows[0].total);
      runs.push(performance.now() - started);
    }
    runs.sort((a, b) => a - b);
    return { ms: runs[3], total };
  };
  const results = [];
  for (const { q, like } of searches) {
    const query = "websearch_to_tsquery('search_config', $1)";
    const indexed = await time(
      \`SELECT id, title, summary, body FROM articles WHERE search_vector @@ \${query}
       ORDER BY ts_rank_cd(search_vector, \${query}) DESC, id LIMIT 20\`,
      \`SELECT count(*) AS total FROM articles WHERE search_vector @@ \${query}\`,
      [q],
    );
    const matching = 'title ILIKE $1 OR summary ILIKE $1 OR body ILIKE $1';
    const scanned = await time(
      \`SELECT id, title, summary, body FROM articles WHERE \${matching} ORDER BY created_at DESC, id LIMIT 20\`,
      \`SELECT count(*) AS total FROM articles WHERE \${matching}\`,
      [\`%\${like}%\`],
    );
    results.push({ q, indexed, scanned });
  }
  console.log(JSON.stringify(results));
}
await pool.end();
`;

const workDir = mkdtempSync(join(tmpdir(), 'create-backend-bench-search-'));
try {
  const project = join(workDir, 'search');
  console.log('Generating, installing and building a service with --search postgres and searchable articles...');
  run(process.execPath, [createBin, project, '--yes', '--no-git', '--search', 'postgres']);
  // The example resource the matrix adds too.
  const { fields } = JSON.parse(
    readFileSync(new URL('../fixtures/example-resources.json', import.meta.url), 'utf8'),
  ).articles;
  run(process.execPath, [backendBin, 'add', 'resource', 'articles', ...fields], { cwd: project });
  writeFileSync(join(project, 'bench-search.mjs'), script);
  run('npm', ['run', 'build'], { cwd: project });
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    DATABASE_URL: createDatabase(serverUrl, 'bench_search', project),
  };
  run(process.execPath, ['dist/scripts/db-migrate.js'], { cwd: project, env });
  console.log(`Making ${rowCount} articles...`);
  let started = performance.now();
  run(node.binary, ['bench-search.mjs', 'fill', String(rowCount)], { cwd: project, env });
  console.log(`  ${((performance.now() - started) / 1000).toFixed(1)} s, the generated columns and indexes included`);
  const compared = JSON.parse(
    run(node.binary, ['bench-search.mjs', 'compare', JSON.stringify(searches)], { cwd: project, env }),
  );

  const port = 3900 + Math.floor(Math.random() * 100);
  const server = await startServer({ node, script: 'dist/main.js', cwd: project, env, port });
  // Each search in turn, the first round a warm-up; then each one's requests, and all of them, as percentiles.
  const queries = [...searches.map(({ q }) => q), ...serviceOnly];
  const timings = new Map(queries.map((q) => [q, []]));
  try {
    for (let n = 0; n < requests + queries.length; n += 1) {
      const q = queries[n % queries.length];
      started = performance.now();
      const response = await fetch(`http://127.0.0.1:${port}/v1/articles?q=${encodeURIComponent(q)}`);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`GET ?q=${q} answered ${response.status}`);
      if (n >= queries.length) timings.get(q).push(performance.now() - started);
    }
  } finally {
    await stopServer(server);
  }

  const ms = (value) => `${value.toFixed(2)} ms`;
  const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.floor(values.length * p)];
  console.log(`\nNode ${node.version}, PostgreSQL at ${new URL(serverUrl).host}, ${rowCount} articles`);
  console.log('search             matches   GIN index, ranked   ILIKE scan   ILIKE / GIN');
  for (const { q, indexed, scanned } of compared) {
    console.log(
      `${q.padEnd(19)}${String(indexed.total).padStart(7)}   ${ms(indexed.ms).padEnd(20)}${ms(scanned.ms).padEnd(13)}` +
        `${(scanned.ms / indexed.ms).toFixed(1).padStart(6)}x`,
    );
  }
  console.log(`\nGET /v1/articles?q=... through the service, sequential requests (p50 / p95):`);
  for (const [q, values] of timings) {
    console.log(`  ${q.padEnd(19)}${ms(median(values))} / ${ms(percentile(values, 0.95))}`);
  }
  const all = [...timings.values()].flat();
  console.log(`  ${'all'.padEnd(19)}${ms(median(all))} / ${ms(percentile(all, 0.95))}  (${all.length} requests)`);
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
