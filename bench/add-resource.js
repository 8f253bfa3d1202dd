#!/usr/bin/env node
// Measures `backend add resource` the way a user runs it: a new node process per run, on a fresh copy of a
// generated service. Prints the median wall time and the peak resident memory.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const runs = Number(process.env.BENCH_RUNS ?? 11);
const createBin = fileURLToPath(new URL('../bin/create-backend.js', import.meta.url));
const backendBin = fileURLToPath(new URL('../bin/backend.js', import.meta.url));
const reportRss = fileURLToPath(new URL('./report-rss.js', import.meta.url));
// The example resource the tests use too.
const { fields } = JSON.parse(
  readFileSync(new URL('../fixtures/example-resources.json', import.meta.url), 'utf8'),
).projects;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const workDir = mkdtempSync(join(tmpdir(), 'create-backend-bench-add-'));
const template = join(workDir, 'template');
const created = spawnSync(process.execPath, [createBin, template, '--yes', '--no-install', '--no-git']);
if (created.status !== 0) throw new Error(`create-backend failed: ${created.stderr}`);

function addOnce(index) {
  const project = join(workDir, `run-${index}`);
  cpSync(template, project, { recursive: true });
  const rssFile = join(workDir, `rss-${index}`);
  const started = process.hrtime.bigint();
  const result = spawnSync(
    process.execPath,
    ['--import', reportRss, backendBin, 'add', 'resource', 'projects', ...fields],
    {
      cwd: project,
      env: { ...process.env, BENCH_RSS_FILE: rssFile },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`backend add resource failed: ${result.stderr}`);
  return { seconds, peakMegabytes: Number(readFileSync(rssFile, 'utf8')) / 1024 };
}

addOnce(-1); // warm the file system cache
const samples = Array.from({ length: runs }, (_, index) => addOnce(index));
rmSync(workDir, { recursive: true, force: true });
const times = samples.map((sample) => sample.seconds);
console.log(`backend add resource projects ${fields.join(' ')} (${runs} runs)`);
console.log(
  `  wall time: median ${median(times).toFixed(3)} s, min ${Math.min(...times).toFixed(3)} s, max ${Math.max(...times).toFixed(3)} s (target <= 0.600 s)`,
);
console.log(`  peak RSS:  median ${median(samples.map((sample) => sample.peakMegabytes)).toFixed(1)} MB`);
