#!/usr/bin/env node
// Throughput of a generated GET /v1/projects/:id on a real PostgreSQL server, as a ratio to a bare Fastify + pg
// handler running the same query, both measured in the same run: the server pinned to core 0, wrk to core 1,
// alternating rounds so that drift on the machine touches both alike. Needs wrk, taskset and a PostgreSQL URL
// (BENCH_DATABASE_URL or TEST_DATABASE_URL) whose role may create databases.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!serverUrl) throw new Error('Set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server');
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const createBin = fileURLToPath(new URL('../bin/create-backend.js', import.meta.url));
const backendBin = fileURLToPath(new URL('../bin/backend.js', import.meta.url));

const run = (command, args, options = {}) => {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
};

const workDir = mkdtempSync(join(tmpdir(), 'create-backend-bench-throughput-'));
const project = join(workDir, 'svc');
console.log('Generating, installing and building the service...');
run(process.execPath, [createBin, project, '--yes', '--no-git']);
// The example resource the tests use too.
const { fields } = JSON.parse(
  readFileSync(new URL('../fixtures/example-resources.json', import.meta.url), 'utf8'),
).projects;
run(process.execPath, [backendBin, 'add', 'resource', 'projects', ...fields], { cwd: project });
run('npm', ['run', 'build'], { cwd: project });
copyFileSync(fileURLToPath(new URL('./bare-server.mjs', import.meta.url)), join(project, 'bare-server.mjs'));

const databaseUrl = new URL(serverUrl);
const databaseName = 'bench_throughput';
run(
  process.execPath,
  [
    '--input-type=module',
    '--eval',
    `
  import pg from 'pg';
  const client = new pg.Client({ connectionString: ${JSON.stringify(serverUrl)} });
  await client.connect();
  await client.query('DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)');
  await client.query('CREATE DATABASE ${databaseName}');
  await client.end();`,
  ],
  { cwd: project },
);
databaseUrl.pathname = `/${databaseName}`;
const env = {
  ...process.env,
  NODE_ENV: 'production',
  DATABASE_URL: databaseUrl.toString(),
  HOST: '127.0.0.1',
  RATE_LIMIT_MAX: '100000000',
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
};
run(process.execPath, ['dist/scripts/db-migrate.js'], { cwd: project, env });

async function startServer(script, port) {
  const child = spawn('taskset', ['-c', '0', process.execPath, script], {
    cwd: project,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      await fetch(`http://127.0.0.1:${port}/v1/projects/00000000-0000-0000-0000-000000000000`);
      return child;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`${script} did not start`);
}

async function stopServer(child) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function requestsPerSecond(url) {
  const output = run('taskset', ['-c', '1', 'wrk', '-t1', `-c${connections}`, `-d${seconds}s`, url]);
  const match = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(output);
  if (!match) throw new Error(`wrk printed no rate:\n${output}`);
  if (non2xx) throw new Error(`${url} answered ${non2xx[1]} errors`);
  return Number(match[1]);
}

// One row to read, created through the generated API.
const seeder = await startServer('dist/main.js', 3901);
const created = await (
  await fetch('http://127.0.0.1:3901/v1/projects', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Benchmark', description: 'A row to read', budget: '1500.00' }),
  })
).json();
await stopServer(seeder);

const results = { generated: [], bare: [] };
for (let round = 0; round < rounds; round += 1) {
  for (const [label, script, port] of [
    ['generated', 'dist/main.js', 3901],
    ['bare', 'bare-server.mjs', 3902],
  ]) {
    const server = await startServer(script, port);
    requestsPerSecond(`http://127.0.0.1:${port}/v1/projects/${created.id}`); // warm-up, discarded
    results[label].push(requestsPerSecond(`http://127.0.0.1:${port}/v1/projects/${created.id}`));
    await stopServer(server);
  }
}
rmSync(workDir, { recursive: true, force: true });

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const generated = median(results.generated);
const bare = median(results.bare);
console.log(
  `GET /v1/projects/:id on PostgreSQL (${rounds} rounds of ${seconds} s, ${connections} connections, LOG_LEVEL=${env.LOG_LEVEL})`,
);
console.log(
  `  generated service: median ${generated.toFixed(0)} req/s (${results.generated.map((value) => value.toFixed(0)).join(', ')})`,
);
console.log(
  `  bare Fastify + pg: median ${bare.toFixed(0)} req/s (${results.bare.map((value) => value.toFixed(0)).join(', ')})`,
);
console.log(`  ratio: ${(generated / bare).toFixed(2)} (target >= 0.70)`);
