import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { UserError } from '../errors.js';
import type { PackageManager } from '../options/schema.js';

export interface InstallResult {
  ok: boolean;
  /** The installer's last lines of output, for the user to see why it failed. */
  tail: string;
}

const tailLineCount = 15;

/** Fails before anything is written when the chosen package manager is not on the PATH. */
export async function assertPackageManagerAvailable(packageManager: PackageManager): Promise<void> {
  const probe = await execa(packageManager, ['--version'], { reject: false, stdin: 'ignore' });
  if (probe.exitCode !== 0) {
    throw new UserError(
      `${packageManager} is not installed (or not on the PATH); install it, or choose another with --pm.`,
    );
  }
}

/** Runs `<pm> install` in the project. On failure the partial node_modules is removed. */
export async function installDependencies(projectDir: string, packageManager: PackageManager): Promise<InstallResult> {
  const result = await execa(packageManager, ['install'], {
    cwd: projectDir,
    all: true,
    reject: false,
    stdin: 'ignore',
    env: { npm_config_yes: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
  });
  if (result.exitCode === 0 && !result.failed) return { ok: true, tail: '' };
  await rm(join(projectDir, 'node_modules'), { recursive: true, force: true });
  const output = (result.all ?? result.message ?? '').trimEnd();
  return { ok: false, tail: output.split('\n').slice(-tailLineCount).join('\n') };
}

export async function isInsideGitRepository(dir: string): Promise<boolean> {
  const result = await execa('git', ['rev-parse', '--is-inside-work-tree'], { cwd: dir, reject: false });
  return result.exitCode === 0 && result.stdout.trim() === 'true';
}

/** `git init` and a first commit. A machine without a git identity still gets a commit, by the generator. */
export async function initGitRepository(projectDir: string, message: string): Promise<void> {
  const git = (args: string[]) => execa('git', args, { cwd: projectDir, stdin: 'ignore' });
  await git(['init', '--quiet', '--initial-branch=main']);
  await git(['add', '--all']);
  const identity = await execa('git', ['config', 'user.email'], { cwd: projectDir, reject: false });
  const fallbackIdentity = identity.stdout.trim()
    ? []
    : ['-c', 'user.name=create-backend', '-c', 'user.email=create-backend@localhost'];
  await git([...fallbackIdentity, 'commit', '--quiet', '--no-verify', '-m', message]);
}
