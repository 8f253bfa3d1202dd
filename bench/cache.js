#!/usr/bin/env node
// GET /v1/projects/:id with a warm cache against the same service with its cache off (CACHE_TTL_SECONDS=0: every
// read goes to PostgreSQL), for the memory store and for Redis, in one run: server CPU time per request and requests
// per second, each with its ratio. The server is pinned to core 0 and wrk to core 1, as in bench/throughput.js;
// PostgreSQL and Redis share the machine. With and without the cache alternate round by round.
//
// Needs Linux (taskset, /proc), wrk, a PostgreSQL URL (BENCH_DATABASE_URL or TEST_DATABASE_URL) whose role may
// create databases, and Redis at BENCH_REDIS_URL (default redis://127.0.0.1:6379). BENCH_NODE (default 24),
// BENCH_ROUNDS (3), BENCH_SECONDS (8), BENCH_WARMUP_SECONDS (10) and BENCH_CONNECTIONS (32) as in throughput.js;
// BENCH_STORES (memory,redis) picks the stores.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  benchNodes,
  createDatabase,
  generateService,
  loadSettings,
  measure,
  median,
  pad,
  run,
  startServer,
  stopServer,
} from './http-load.js';

const { serverUrl, rounds, load } = loadSettings();
const { seconds, warmupSeconds, connections } = load;
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const stores = (process.env.BENCH_STORES ?? 'memory,redis').split(',').map((store) => store.trim());

const [node] = benchNodes('24');
const workDir = mkdtempSync(join(tmpdir(), 'create-backend-bench-cache-'));
const settings = [
  { label: 'cache off', ttl: '0' },
  { label: 'warm cache', ttl: '60' },
];

const results = [];
try {
  for (const store of stores) {
    const project = join(workDir, store);
    console.log(`Generating, installing and building the service with --cache ${store}...`);
    generateService(project, ['--cache', store]);
    const env = {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: createDatabase(serverUrl, `bench_cache_${store}`, project),
      REDIS_URL: redisUrl,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      RATE_LIMIT_MAX: '1000000000',
      SHUTDOWN_DRAIN_DELAY_MS: '0',
    };
    run(process.execPath, ['dist/scripts/db-migrate.js'], { cwd: project, env });
    const start = (ttl) =>
      startServer({ node, script: 'dist/main.js', cwd: project, env: { ...env, CACHE_TTL_SECONDS: ttl }, port: 3921 });

    const seeder = await start('0');
    const created = await (
      await fetch('http://127.0.0.1:3921/v1/projects', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Benchmark', description: 'A row to read', budget: '1500.00' }),
      })
    ).json();
    await stopServer(seeder);

    const samples = Object.fromEntries(settings.map(({ label }) => [label, []]));
    for (let round = 0; round < rounds; round += 1) {
      console.log(`${store}: round ${round + 1} of ${rounds}`);
      for (const { label, ttl } of settings) {
        const server = await start(ttl);
        const url = `http://127.0.0.1:3921/v1/projects/${created.id}`;
        samples[label].push(measure(server, url, load));
        await stopServer(server);
      }
    }
    results.push({ store, samples });
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

console.log(
  `\nGET /v1/projects/:id on Node ${node.version}, warm cache vs cache off (CACHE_TTL_SECONDS=0): medians of ` +
    `${rounds} rounds of ${seconds} s (each after a ${warmupSeconds} s warm-up), ${connections} connections, ` +
    'NODE_ENV=production; server on core 0, wrk on core 1.\nRatios: off / warm for CPU per request (how many times ' +
    'cheaper a cached read is), warm / off for requests per second.',
);
console.log(
  `${'store'.padEnd(8)}${pad('CPU/req off', 13)}${pad('warm', 10)}${pad('ratio', 7)}` +
    `${pad('req/s off', 11)}${pad('warm', 9)}${pad('ratio', 7)}`,
);
for (const { store, samples } of results) {
  const medianOf = (label, key) => median(samples[label].map((sample) => sample[key]));
  const cpuOff = medianOf('cache off', 'cpuPerRequest');
  const cpuWarm = medianOf('warm cache', 'cpuPerRequest');
  const rateOff = medianOf('cache off', 'rate');
  const rateWarm = medianOf('warm cache', 'rate');
  console.log(
    `${store.padEnd(8)}${pad(`${cpuOff.toFixed(1)} us`, 13)}${pad(`${cpuWarm.toFixed(1)} us`, 10)}` +
      `${pad((cpuOff / cpuWarm).toFixed(2), 7)}${pad(rateOff.toFixed(0), 11)}${pad(rateWarm.toFixed(0), 9)}` +
      `${pad((rateWarm / rateOff).toFixed(2), 7)}`,
  );
}
