import { existsSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendBin, createBin, makeTempDir, removeDir, runCli } from './cli.js';
import { freePort, runIn, waitForHttp } from './service.js';

/**
 * The suites an auth style adds or changes (its modules and password hashing, the callers of idempotent requests,
 * and the config and docs it extends): what the session, API-key and OIDC presets run on PostgreSQL and Node 24,
 * where `minimal` and `api` (JWT) run every suite.
 */
export const authSuites = [
  'src/auth',
  'src/modules',
  'src/plugins/idempotency-callers.test.ts',
  'src/plugins/docs.test.ts',
  'src/config.test.ts',
];

/**
 * The generated-project matrix: a preset is generated with its dependencies installed, then the service
 * must typecheck, lint, pass its own tests on PGlite and on a real PostgreSQL server, on Node 20 and 24,
 * build, start, answer, and stop cleanly on SIGTERM.
 */
export function describeGeneratedService(
  preset: string,
  {
    extraArgs = [],
    suitesOnRealServers = [],
    moreChecks,
  }: {
    extraArgs?: string[];
    /**
     * The suites (paths) of the project's tests that run on PostgreSQL and on Node 24, where a preset differs from
     * one whose every suite runs there already; all of them when not given. PGlite always runs every suite.
     */
    suitesOnRealServers?: string[];
    /** Tests of the preset's own features, declared after the common ones; given the built project's folder. */
    moreChecks?: (projectDir: () => string) => void;
  } = {},
): void {
  const realDatabaseUrl = process.env.TEST_DATABASE_URL;
  const node24 = process.env.NODE24_BIN;
  // CI provides the real servers and Node 24; a developer without them still runs the rest.
  const inCi = process.env.CI === 'true' || process.env.CI === '1';

  describe(`the ${preset} preset`, () => {
    let workDir: string;
    let projectDir: string;

    beforeAll(async () => {
      workDir = await makeTempDir(`create-backend-matrix-${preset}`);
      projectDir = join(workDir, `${preset}-service`);
    });

    afterAll(async () => {
      if (workDir) await removeDir(workDir);
    });

    it('generates, installs dependencies and makes the first commit', async () => {
      const result = await runCli(createBin, [projectDir, '--preset', preset, '--yes', ...extraArgs], { cwd: workDir });
      expect(result.stderr).toBe('');
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain('Next steps:');
      expect(existsSync(join(projectDir, 'node_modules'))).toBe(true);
      const log = await execa('git', ['log', '--oneline'], { cwd: projectDir });
      expect(log.stdout.trim().split('\n')).toHaveLength(1);
      const status = await execa('git', ['status', '--porcelain'], { cwd: projectDir });
      expect(status.stdout).toBe('');
    });

    it('typechecks', async () => {
      await runIn(projectDir, 'npm', ['run', 'typecheck']);
    });

    it('lints and is formatted', async () => {
      await runIn(projectDir, 'npm', ['run', 'lint']);
      await runIn(projectDir, 'npm', ['run', 'format:check']);
    });

    it('passes its own tests on the embedded PGlite', async () => {
      const output = await runIn(projectDir, 'npm', ['test'], { TEST_DATABASE_URL: undefined });
      expect(output).toMatch(/Tests\s+\d+ passed/);
    });

    it.runIf(realDatabaseUrl || inCi)('passes its own tests on a real PostgreSQL server', async () => {
      if (!realDatabaseUrl) throw new Error('CI must provide TEST_DATABASE_URL (see .ci/run)');
      const output = await runIn(projectDir, 'npm', ['test', '--', ...suitesOnRealServers], {
        TEST_DATABASE_URL: realDatabaseUrl,
      });
      expect(output).toMatch(/Tests\s+\d+ passed/);
    });

    it.runIf(node24 || inCi)('passes its own tests on Node 24', async () => {
      if (!node24) throw new Error('CI must provide NODE24_BIN (see .ci/run)');
      const output = await runIn(
        projectDir,
        node24,
        ['node_modules/vitest/vitest.mjs', 'run', ...suitesOnRealServers],
        {
          TEST_DATABASE_URL: undefined,
        },
      );
      expect(output).toMatch(/Tests\s+\d+ passed/);
    });

    it('builds, starts, answers /health, /ready and /docs, and exits 0 on SIGTERM', async () => {
      await runIn(projectDir, 'npm', ['run', 'build']);
      for (const nodeBinary of [process.execPath, ...(node24 ? [node24] : [])]) {
        const service = await startBuiltService(projectDir, nodeBinary);
        try {
          expect((await fetch(`${service.url}/ready`)).status).toBe(200);
          expect((await fetch(`${service.url}/docs`)).status).toBe(200);
          const spec = (await (await fetch(`${service.url}/docs/json`)).json()) as { openapi: string };
          expect(spec.openapi).toMatch(/^3\./);
        } finally {
          await service.stop();
        }
      }
    });

    moreChecks?.(() => projectDir);
  });
}

/**
 * describeGeneratedService for a preset whose tests need Redis on 127.0.0.1:6379 and redis-server on the PATH:
 * .ci/run provides both, and in CI it runs regardless; a developer without them sees the preset skipped.
 */
export async function describeGeneratedServiceWithRedis(
  preset: string,
  options: Parameters<typeof describeGeneratedService>[1],
): Promise<void> {
  const inCi = process.env.CI === 'true' || process.env.CI === '1';
  if ((await redisAnswers()) || inCi) {
    describeGeneratedService(preset, options);
  } else {
    describe.skip(`the ${preset} preset (no Redis on 127.0.0.1:6379)`, () => {
      it('needs Redis', () => {});
    });
  }
}

/** Whether Redis listens where the generated tests look for it (REDIS_URL's test value, 127.0.0.1:6379). */
async function redisAnswers(): Promise<boolean> {
  const socket = new Socket();
  const answered = await new Promise<boolean>((resolve) => {
    socket.setTimeout(500, () => resolve(false));
    socket.once('error', () => resolve(false));
    socket.connect(6379, '127.0.0.1', () => resolve(true));
  });
  socket.destroy();
  return answered;
}

/**
 * Starts the built service (`node dist/main.js`) in development mode on a free port (or `port`), with `env`
 * added to its environment, once /health answers; `stop()` sends SIGTERM and expects exit code 0.
 */
export async function startBuiltService(
  projectDir: string,
  nodeBinary = process.execPath,
  { port, env = {} }: { port?: number; env?: Record<string, string> } = {},
) {
  port ??= await freePort();
  const server = execa(nodeBinary, ['dist/main.js'], {
    cwd: projectDir,
    env: { PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'development', LOG_LEVEL: 'warn', ...env },
    all: true,
    reject: false,
  });
  const url = `http://127.0.0.1:${port}`;
  const health = await waitForHttp(`${url}/health`, 60_000);
  expect(health.status).toBe(200);
  return {
    url,
    async stop() {
      server.kill('SIGTERM');
      const exited = await server;
      expect(exited.exitCode, exited.all).toBe(0);
    },
  };
}

/** Runs `backend` in the generated project; it must succeed with nothing on stderr. Returns what it printed. */
export async function runBackend(projectDir: string, args: string[]): Promise<string> {
  const result = await runCli(backendBin, args, { cwd: projectDir });
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  return result.stdout;
}

/**
 * Runs the project's tests of `suites` on PostgreSQL (TEST_DATABASE_URL) and on Node 24 (NODE24_BIN, on PGlite),
 * each when given, and always in CI, where neither may be missing.
 */
export async function runSuitesOnPostgresAndNode24(
  projectDir: string,
  suites: string[],
  { postgres = true, node24 = true }: { postgres?: boolean; node24?: boolean } = {},
): Promise<void> {
  const realDatabaseUrl = process.env.TEST_DATABASE_URL;
  const node24Binary = process.env.NODE24_BIN;
  const inCi = process.env.CI === 'true' || process.env.CI === '1';
  if (postgres && (realDatabaseUrl || inCi)) {
    if (!realDatabaseUrl) throw new Error('CI must provide TEST_DATABASE_URL (see .ci/run)');
    const output = await runIn(projectDir, 'npm', ['test', '--', ...suites], { TEST_DATABASE_URL: realDatabaseUrl });
    expect(output).toMatch(/Tests\s+\d+ passed/);
  }
  if (node24 && (node24Binary || inCi)) {
    if (!node24Binary) throw new Error('CI must provide NODE24_BIN (see .ci/run)');
    const output = await runIn(projectDir, node24Binary, ['node_modules/vitest/vitest.mjs', 'run', ...suites], {
      TEST_DATABASE_URL: undefined,
    });
    expect(output).toMatch(/Tests\s+\d+ passed/);
  }
}

/**
 * Creates (anew) an empty database `<name>_<pid>` on the server, with the generated service's own pg client, and
 * returns its URL: for a matrix file whose service migrates a database of its own, apart from the other presets'.
 */
export async function freshDatabase(projectDir: string, serverUrl: string, name: string): Promise<string> {
  const url = new URL(serverUrl);
  const database = `${name}_${process.pid}`;
  const script = [
    "import pg from 'pg';",
    `const client = new pg.Client({ connectionString: ${JSON.stringify(serverUrl)} });`,
    'await client.connect();',
    `await client.query('DROP DATABASE IF EXISTS "${database}" WITH (FORCE)');`,
    `await client.query('CREATE DATABASE "${database}"');`,
    'await client.end();',
  ].join('\n');
  await runIn(projectDir, process.execPath, ['--input-type=module', '--eval', script]);
  url.pathname = `/${database}`;
  return url.toString();
}
