#!/usr/bin/env node
// Full-text search (--search postgres) on a generated service's own table, in PostgreSQL:
//   - the same searches through the GIN index (search_vector @@ query, ranked, one page and the total) and through
//     `ILIKE '%term%'` over the same fields (one page by date, and the total), each the median of several runs,
//     and their ratio, over BENCH_ROWS (50,000) generated articles;
//   - the p50 and p95 latency of GET /v1/articles?q=... through the built service (sequential requests, client side).
// Needs a PostgreSQL URL (BENCH_DATABASE_URL or TEST_DATABASE_URL) whose role may create databases. BENCH_NODE
// (default 24) runs the service.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

/** Searches from a common word to a rare one, a phrase, and a prefix (the words are those the rows are made of). */
const searches = [
  { q: 'database', like: 'database' },
  { q: 'kubernetes', like: 'kubernetes' },
  { q: 'zeppelin', like: 'zeppelin' },
  { q: '"query planner"', like: 'query planner' },
  { q: 'replicat', like: 'replicat' },
];

// Run inside the service with its own dependencies: `fill` makes the rows, `compare` times the two ways.
const script = `
import { performance } from 'node:perf_hooks';
import pg from 'pg';
const [command, count] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
if (command === 'fill') {
  // Made of a vocabulary in which each word is rarer than the one before it: deterministic (setseed).
  await pool.query(\`
    SELECT setseed(0.42);
    CREATE FUNCTION pg_temp.sentence(length int) RETURNS text LANGUAGE sql VOLATILE AS $$
      SELECT string_agg(vocabulary[1 + floor(pow(random(), 2.5) * array_length(vocabulary, 1))::int], ' ')
      FROM generate_series(1, length), string_to_array(
        'the data database query index table row column service cluster node replication planner ' ||
        'latency cache queue search ranking weight vector trigram accent café', ' ') AS vocabulary
    $$;
    INSERT INTO articles (title, summary, body)
      SELECT initcap(pg_temp.sentence(5)) ||
          CASE WHEN i % 1000 = 0 THEN ' Zeppelin' WHEN i % 20 = 0 THEN ' Kubernetes' ELSE '' END,
        pg_temp.sentence(15),
        pg_temp.sentence(80) || CASE WHEN i % 100 = 0 THEN ' the query planner' ELSE '' END
      FROM generate_series(1, \${Number(count)}) AS i;
    ANALYZE articles;
  \`);
} else {
  const searches = JSON.parse(count);
  const time = async (text, values) => {
    const runs = [];
    let rows;
    for (let round = 0; round < 7; round += 1) {
      const started = performance.now();
      rows = (await pool.query(text, values)).rows;
      runs.push(performance.now() - started);
    }
    runs.sort((a, b) => a - b);
    return { ms: runs[3], rows: rows.length };
  };
  const results = [];
  for (const { q, like } of searches) {
    const query = "websearch_to_tsquery('search_config', $1)";
    const indexed = await time(
      \`SELECT id, title, ts_rank_cd(search_vector, \${query}) AS rank, count(*) OVER () AS total
       FROM articles WHERE search_vector @@ \${query} ORDER BY rank DESC, id LIMIT 20\`,
      [q],
    );
    const scanned = await time(
      \`SELECT id, title, count(*) OVER () AS total FROM articles
       WHERE title ILIKE $1 OR summary ILIKE $1 OR body ILIKE $1 ORDER BY created_at DESC, id LIMIT 20\`,
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
  run(
    process.execPath,
    [
      backendBin,
      'add',
      'resource',
      'articles',
      'title:string:searchable(A)',
      'summary:text?:searchable(B)',
      'body:text:searchable(C)',
    ],
    { cwd: project },
  );
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
  const timings = [];
  try {
    for (let n = 0; n < requests; n += 1) {
      const { q } = searches[n % searches.length];
      started = performance.now();
      const response = await fetch(`http://127.0.0.1:${port}/v1/articles?q=${encodeURIComponent(q)}`);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`GET ?q=${q} answered ${response.status}`);
      if (n >= searches.length) timings.push(performance.now() - started); // the first round warms up
    }
  } finally {
    await stopServer(server);
  }

  const ms = (value) => `${value.toFixed(2)} ms`;
  console.log(`\nNode ${node.version}, PostgreSQL at ${new URL(serverUrl).host}, ${rowCount} articles`);
  console.log('search             GIN index (ranked)   ILIKE scan   ILIKE / GIN   matches');
  for (const { q, indexed, scanned } of compared) {
    console.log(
      `${q.padEnd(19)}${ms(indexed.ms).padEnd(21)}${ms(scanned.ms).padEnd(13)}` +
        `${(scanned.ms / indexed.ms).toFixed(1).padStart(6)}x      ${indexed.rows === 20 ? '20+' : indexed.rows}`,
    );
  }
  const sorted = [...timings].sort((a, b) => a - b);
  console.log(
    `\nGET /v1/articles?q=... through the service, ${timings.length} sequential requests: ` +
      `p50 ${ms(median(sorted))}, p95 ${ms(sorted[Math.floor(sorted.length * 0.95)])}`,
  );
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
