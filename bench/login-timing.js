#!/usr/bin/env node
// Failed logins must not tell whether an account exists: the median latency of a failed login for an unknown
// email and for a known email with a wrong password, measured in the same run, interleaved, against a built
// service on its embedded database: the `api` preset (JWT), or BENCH_PRESET's. Target: within 10% of each other.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const rounds = Number(process.env.BENCH_ROUNDS ?? 300);
const preset = process.env.BENCH_PRESET ?? 'api';
const warmUp = 30;
const createBin = fileURLToPath(new URL('../bin/create-backend.js', import.meta.url));

const run = (command, args, options = {}) => {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
};

const workDir = mkdtempSync(join(tmpdir(), 'create-backend-bench-login-'));
const project = join(workDir, 'svc');
console.log(`Generating, installing and building the ${preset} preset...`);
run(process.execPath, [createBin, project, '--preset', preset, '--yes', '--no-git']);
run('npm', ['run', 'build'], { cwd: project });

const port = 3911;
const url = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, ['dist/main.js'], {
  cwd: project,
  env: {
    ...process.env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    PGLITE_DATA_DIR: join(workDir, 'data'),
    LOGIN_RATE_LIMIT_MAX: '100000000',
    RATE_LIMIT_MAX: '100000000',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
for (let attempt = 0; ; attempt += 1) {
  try {
    await fetch(`${url}/health`);
    break;
  } catch (error) {
    if (attempt === 300) throw error;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const post = (path, body) =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const registered = await post('/v1/auth/register', {
  email: 'ada@example.com',
  password: 'correct horse battery staple',
});
if (registered.status !== 201) throw new Error(`register answered ${registered.status}`);

async function failedLogin(email) {
  const started = performance.now();
  const response = await post('/v1/auth/login', { email, password: 'not the password at all' });
  await response.arrayBuffer();
  if (response.status !== 401) throw new Error(`login for ${email} answered ${response.status}`);
  return performance.now() - started;
}

const times = { unknownEmail: [], wrongPassword: [] };
for (let round = 0; round < warmUp + rounds; round += 1) {
  // Alternate which goes first, so that neither always follows the other.
  const order = round % 2 ? ['unknownEmail', 'wrongPassword'] : ['wrongPassword', 'unknownEmail'];
  for (const kind of order) {
    const elapsed = await failedLogin(kind === 'unknownEmail' ? `nobody-${round}@example.com` : 'ada@example.com');
    if (round >= warmUp) times[kind].push(elapsed);
  }
}

const exited = new Promise((resolve) => server.once('exit', resolve));
server.kill('SIGTERM');
await exited;
rmSync(workDir, { recursive: true, force: true });

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const unknown = median(times.unknownEmail);
const wrong = median(times.wrongPassword);
const difference = Math.abs(unknown - wrong) / Math.min(unknown, wrong);
console.log(`Failed logins on the ${preset} preset, ${rounds} of each, interleaved (POST /v1/auth/login, 401):`);
console.log(`  unknown email:  median ${unknown.toFixed(2)} ms`);
console.log(`  wrong password: median ${wrong.toFixed(2)} ms`);
console.log(`  difference: ${(difference * 100).toFixed(1)}% (target: within 10%)`);
