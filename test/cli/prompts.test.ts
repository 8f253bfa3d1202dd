import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { stripVTControlCharacters } from 'node:util';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backendBin, createBin, listTree, makeTempDir, removeDir } from '../helpers/cli.js';

let workDir: string;

beforeEach(async () => {
  workDir = await makeTempDir('create-backend-prompts');
});

afterEach(async () => {
  await removeDir(workDir);
});

/**
 * Runs a CLI on a real pseudo-terminal (util-linux `script`) and answers its questions in order: each answer is
 * typed once `question` has been asked one more time.
 */
async function answerOnTerminal(args: string[], question: string, ...answers: string[]) {
  return runOnTerminal(createBin, args, workDir, question, answers);
}

async function runOnTerminal(bin: string, args: string[], cwd: string, question: string, answers: string[]) {
  // A new pseudo-terminal has no size; give it one, or the prompt wraps at one column.
  const command = `stty cols 120 rows 40; exec ${[process.execPath, bin, ...args].map((part) => `'${part}'`).join(' ')}`;
  const child = execa('script', ['--quiet', '--return', '--command', command, '/dev/null'], {
    cwd,
    reject: false,
    all: true,
    // A prompt that never got its answer would wait forever: end it, and let the assertions say why.
    timeout: 60_000,
    env: { TERM: 'xterm', npm_config_user_agent: '' },
  });
  let seen = '';
  let answered = 0;
  // Clack marks the prompt waiting for input with ◆ (◇ once answered): count the questions asked so far.
  const asked = () => stripVTControlCharacters(seen).split(`◆  ${question}`).length - 1;
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`never asked "${question}" enough; saw: ${seen}`)), 45_000);
    child.all?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      while (answered < answers.length && asked() > answered) {
        child.stdin?.write(answers[answered]);
        answered += 1;
      }
      if (answered === answers.length) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  await done;
  const result = await child;
  return { exitCode: result.exitCode, output: result.all ?? '' };
}

describe.runIf(existsSync('/usr/bin/script'))('prompts on a terminal', () => {
  it('asks for the directory when none is given, then creates the service there', async () => {
    const result = await answerOnTerminal(
      ['--auth', 'none', '--cache', 'none', '--queue', 'none', '--search', 'none', '--no-install', '--no-git'],
      'Where should the service be created?',
      'asked-service\r',
    );
    expect(result.exitCode, result.output).toBe(0);
    expect(await listTree(join(workDir, 'asked-service'))).toContain('backend.json');
  });

  it('asks how clients authenticate, offering the styles that are built, and generates the one chosen', async () => {
    const result = await answerOnTerminal(
      ['svc', '--cache', 'none', '--queue', 'none', '--search', 'none', '--no-install', '--no-git'],
      'How do clients authenticate?',
      '\u001b[B\r',
    );
    expect(result.exitCode, result.output).toBe(0);
    const offered = stripVTControlCharacters(result.output);
    expect(offered).toMatch(/● none \(No authentication\)\s*│\s*○ session\s*│\s*○ jwt\s*│\s*○ api-key\s*│\s*○ oidc\s/);
    const manifest = JSON.parse(await readFile(join(workDir, 'svc', 'backend.json'), 'utf8'));
    expect(manifest.options.auth).toBe('session');
  });

  it('asks which cache, offering memory and Redis, and generates the one chosen', async () => {
    const result = await answerOnTerminal(
      ['svc', '--auth', 'none', '--queue', 'none', '--search', 'none', '--no-install', '--no-git'],
      'Which cache?',
      '\u001b[B\r',
    );
    expect(result.exitCode, result.output).toBe(0);
    const offered = stripVTControlCharacters(result.output);
    expect(offered).toMatch(/● none \(No cache\)\s*│\s*○ memory\s*│\s*○ redis\s/);
    const manifest = JSON.parse(await readFile(join(workDir, 'svc', 'backend.json'), 'utf8'));
    expect(manifest.options.cache).toBe('memory');
    expect(manifest.features).toEqual(expect.arrayContaining(['cache', 'cache-memory']));
  });

  it('asks which job queue, offering pg-boss, and generates the one chosen', async () => {
    const result = await answerOnTerminal(
      ['svc', '--auth', 'none', '--cache', 'none', '--search', 'none', '--no-install', '--no-git'],
      'Which job queue?',
      '\u001b[B\r',
    );
    expect(result.exitCode, result.output).toBe(0);
    const offered = stripVTControlCharacters(result.output);
    expect(offered).toMatch(/● none \(No background jobs\)\s*│\s*○ pg-boss\s/);
    const manifest = JSON.parse(await readFile(join(workDir, 'svc', 'backend.json'), 'utf8'));
    expect(manifest.options.queue).toBe('pg-boss');
    expect(manifest.features).toEqual(expect.arrayContaining(['queue', 'queue-pgboss']));
  });

  it('asks which full-text search, offering PostgreSQL, and generates the one chosen', async () => {
    const result = await answerOnTerminal(
      ['svc', '--auth', 'none', '--cache', 'none', '--queue', 'none', '--no-install', '--no-git'],
      'Which full-text search?',
      '\u001b[B\r',
    );
    expect(result.exitCode, result.output).toBe(0);
    const offered = stripVTControlCharacters(result.output);
    expect(offered).toMatch(/● none \(No search\)\s*│\s*○ postgres\s/);
    const manifest = JSON.parse(await readFile(join(workDir, 'svc', 'backend.json'), 'utf8'));
    expect(manifest.options.search).toBe('postgres');
    expect(manifest.features).toContain('search-postgres');
  });

  it('cancels on Ctrl-C with nothing written', async () => {
    const result = await answerOnTerminal(
      ['--auth', 'none', '--cache', 'none', '--queue', 'none', '--search', 'none', '--no-install', '--no-git'],
      'Where should the service be created?',
      '\u0003',
    );
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toMatch(/Cancelled/);
    expect(await listTree(workDir)).toEqual([]);
  });

  it('asks for fields one by one when add resource is given none', { timeout: 90_000 }, async () => {
    const project = join(workDir, 'svc');
    await answerOnTerminal(
      ['--auth', 'none', '--cache', 'none', '--queue', 'none', '--search', 'none', '--no-install', '--no-git'],
      'Where should the service be created?',
      'svc\r',
    );
    const question = 'Field (name:type[:modifier...]), empty to finish';
    const result = await runOnTerminal(backendBin, ['add', 'resource', 'notes'], project, question, [
      'title:string:max(80)\r',
      'pinned:boolean=false\r',
      '\r',
    ]);
    expect(result.exitCode, result.output).toBe(0);
    const manifest = JSON.parse(await readFile(join(project, 'backend.json'), 'utf8'));
    expect(manifest.resources[0]).toMatchObject({
      name: 'notes',
      fields: ['title:string:max(80)', 'pinned:boolean=false'],
    });
  });
});
