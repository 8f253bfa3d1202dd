import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBin, listTree, makeTempDir, removeDir } from '../helpers/cli.js';

let workDir: string;

beforeEach(async () => {
  workDir = await makeTempDir('create-backend-prompts');
});

afterEach(async () => {
  await removeDir(workDir);
});

/**
 * Runs the CLI on a real pseudo-terminal (util-linux `script`), waits for a question, then types `keys`.
 */
async function answerOnTerminal(args: string[], question: string, keys: string) {
  // A new pseudo-terminal has no size; give it one, or the prompt wraps at one column.
  const command = `stty cols 120 rows 40; exec ${[process.execPath, createBin, ...args].map((part) => `'${part}'`).join(' ')}`;
  const child = execa('script', ['--quiet', '--return', '--command', command, '/dev/null'], {
    cwd: workDir,
    reject: false,
    all: true,
    env: { TERM: 'xterm', npm_config_user_agent: '' },
  });
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`never asked "${question}"; saw: ${seen}`)), 15_000);
    child.all?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(question)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  child.stdin?.write(keys);
  const result = await child;
  return { exitCode: result.exitCode, output: result.all ?? '' };
}

describe.runIf(existsSync('/usr/bin/script'))('prompts on a terminal', () => {
  it('asks for the directory when none is given, then creates the service there', async () => {
    const result = await answerOnTerminal(
      ['--no-install', '--no-git'],
      'Where should the service be created?',
      'asked-service\r',
    );
    expect(result.exitCode, result.output).toBe(0);
    expect(await listTree(join(workDir, 'asked-service'))).toContain('backend.json');
  });

  it('cancels on Ctrl-C with nothing written', async () => {
    const result = await answerOnTerminal(
      ['--no-install', '--no-git'],
      'Where should the service be created?',
      '\u0003',
    );
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toMatch(/Cancelled/);
    expect(await listTree(workDir)).toEqual([]);
  });
});
