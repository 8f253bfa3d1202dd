#!/usr/bin/env node
// Measures the cold generation of a service the way a user runs it: a new node process per run.
// Prints the median wall time and the peak resident memory over several runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const runs = Number(process.env.BENCH_RUNS ?? 15);
const warmups = 2;
const bin = fileURLToPath(new URL('../bin/create-backend.js', import.meta.url));
const reportRss = fileURLToPath(new URL('./report-rss.js', import.meta.url));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function generateOnce() {
  const workDir = mkdtempSync(join(tmpdir(), 'create-backend-bench-'));
  const rssFile = join(workDir, 'rss');
  const started = process.hrtime.bigint();
  const result = spawnSync(
    process.execPath,
    ['--import', reportRss, bin, join(workDir, 'svc'), '--preset', 'minimal', '--yes', '--no-install', '--no-git'],
    { env: { ...process.env, BENCH_RSS_FILE: rssFile }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`create-backend failed: ${result.stderr}`);
  const peakMegabytes = Number(readFileSync(rssFile, 'utf8')) / 1024;
  rmSync(workDir, { recursive: true, force: true });
  return { seconds, peakMegabytes };
}

for (let i = 0; i < warmups; i += 1) generateOnce();
const samples = Array.from({ length: runs }, generateOnce);
const times = samples.map((sample) => sample.seconds);
const peaks = samples.map((sample) => sample.peakMegabytes);

console.log(`create-backend <tmp> --preset minimal --yes --no-install --no-git (${runs} runs, ${warmups} warm-ups)`);
console.log(
  `  wall time: median ${median(times).toFixed(3)} s, min ${Math.min(...times).toFixed(3)} s, max ${Math.max(...times).toFixed(3)} s (target <= 0.300 s)`,
);
console.log(`  peak RSS:  median ${median(peaks).toFixed(1)} MB, max ${Math.max(...peaks).toFixed(1)} MB`);
