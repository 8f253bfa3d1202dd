import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The real entry point, run as `npm run dev` runs it, in a process of its own. Its database is a PostgreSQL URL
// where nothing listens: starting, /health and shutdown never query it, and no embedded database has to start.
const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const reportLoadedPackages = fileURLToPath(new URL('../test/fixtures/report-loaded-packages.ts', import.meta.url));
const environment = {
  NODE_ENV: 'test',
  DATABASE_URL: 'postgres://app@127.0.0.1:1/app',
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'info',
};

interface Run {
  exitCode: number | null;
  /** The status of GET /health, if the process came to listen. */
  healthStatus?: number;
  stdout: string;
  stderr: string;
}

const running = new Set<ChildProcess>();

/** Starts src/main.ts with `env` added to the test environment; once it listens, GET /health, then SIGTERM. */
async function runMain(env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', reportLoadedPackages, main], {
    env: { PATH: process.env.PATH, ...environment, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const run: Run = { exitCode: null, stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (run.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
  // 'close' rather than 'exit': it comes once the output has been read to the end.
  let exited = false;
  const closed = once(child, 'close').then(() => (exited = true));

  while (!exited) {
    const address = /Server listening at (http:\/\/[\d.:]+)/.exec(run.stdout)?.[1];
    if (address) {
      run.healthStatus = (await fetch(`${address}/health`)).status;
      child.kill('SIGTERM');
      break;
    }
    await Promise.race([once(child.stdout, 'data'), closed]);
  }
  await closed;
  running.delete(child);
  run.exitCode = child.exitCode;
  return run;
}

/** The JSON log lines of a run; other output (tracing's console exporter) is skipped. */
function logLines(run: Run): { msg?: string; [key: string]: unknown }[] {
  return run.stdout.split('\n').flatMap((line) => (line.startsWith('{"') ? [JSON.parse(line)] : []));
}

/** The resources the process closed, in order, from its `closing <name>` log lines. */
function closedResources(run: Run): string[] {
  return logLines(run).flatMap(({ msg }) => (msg?.startsWith('closing ') ? [msg.slice('closing '.length)] : []));
}

/** The packages the process had loaded when it exited (see test/fixtures/report-loaded-packages.ts). */
function loadedPackages(run: Run): string[] {
  return (logLines(run).find(({ msg }) => msg === 'loaded packages')?.packages as string[] | undefined) ?? [];
}

describe('the process (src/main.ts)', () => {
  let withDefaults: Run;
  let withTracing: Run;
  let misconfigured: Run;

  // Each run loads the whole app from source, which takes a second or two: the three run side by side.
  beforeAll(async () => {
    [withDefaults, withTracing, misconfigured] = await Promise.all([
      runMain(),
      // The console exporter prints the spans, so no collector is needed to see them.
      runMain({ OTEL_ENABLED: 'true', OTEL_TRACES_EXPORTER: 'console' }),
      runMain({ PORT: 'eighty', RATE_LIMIT_MAX: '-1' }),
    ]);
  }, 30_000);

  // A run cut short by the timeout leaves no process behind.
  afterAll(() => {
    for (const child of running) child.kill('SIGKILL');
  });

  it('serves until SIGTERM, then closes the HTTP server before the database and exits 0', () => {
    expect(withDefaults.healthStatus).toBe(200);
    expect(closedResources(withDefaults)).toEqual(['http server', 'database']);
    expect(withDefaults.exitCode).toBe(0);
  });

  it('never loads OpenTelemetry while OTEL_ENABLED is off', () => {
    const packages = loadedPackages(withDefaults);

    expect(packages).toContain('fastify'); // the report works
    // Only the API, which prom-client loads for its exemplars and which does nothing without an SDK.
    expect(packages.filter((name) => /opentelemetry|otel/.test(name))).toEqual(['@opentelemetry/api']);
  });

  it('with OTEL_ENABLED=true, traces each request and closes the tracer last', () => {
    expect(withTracing.healthStatus).toBe(200);
    expect(withTracing.stdout).toContain("name: 'GET /health'");
    expect(closedResources(withTracing)).toEqual(['http server', 'database', 'telemetry']);
    expect(withTracing.exitCode).toBe(0);
  });

  it('exits 1 before listening when the configuration is invalid, naming every bad variable', () => {
    expect(misconfigured.healthStatus).toBeUndefined();
    expect(misconfigured.stderr).toContain('Invalid configuration');
    expect(misconfigured.stderr).toMatch(/PORT: .*\n.*RATE_LIMIT_MAX: /);
    expect(misconfigured.exitCode).toBe(1);
  });
});
