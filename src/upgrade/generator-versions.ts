import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { FileContent } from '../engine/tree.js';
import { UserError } from '../errors.js';
import type { TeamFiles } from '../engine/render.js';
import type { ServiceRecord } from './render-service.js';

const run = promisify(execFile);

/** Renders a service from its record as one version of the generator does (its renderService). */
export type Render = (record: ServiceRecord, team: TeamFiles | undefined) => Promise<Map<string, FileContent>>;

/**
 * Another version of the generator, to render a service as that version made it: a folder holding its build (a
 * checkout, built), or anything npm installs (`create-backend@0.2.0`, a tarball), installed once into a cache folder.
 */
export async function generatorFrom(from: string, cwd: string): Promise<Render> {
  const folder = resolve(cwd, from);
  if (existsSync(folder) && statSync(folder).isDirectory()) return generatorAt(folder, from);
  return generatorAt(await installed(from, cwd), from);
}

/** Installs `spec` with npm into a folder of its own (reused: a version's files do not change). */
async function installed(spec: string, cwd: string): Promise<string> {
  const target = /\.(tgz|tar\.gz)$/.test(spec) ? resolve(cwd, spec) : spec;
  const key = createHash('sha256').update(target).digest('hex').slice(0, 16);
  const prefix = join(tmpdir(), 'create-backend-generators', key);
  const folder = join(prefix, 'node_modules', 'create-backend');
  if (existsSync(join(folder, 'dist/upgrade/render-service.js'))) return folder;
  await mkdir(prefix, { recursive: true });
  try {
    await run(
      'npm',
      ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', target],
      {
        cwd,
        timeout: 10 * 60_000,
      },
    );
  } catch (error) {
    await rm(prefix, { recursive: true, force: true });
    throw new UserError(`${installFailure(spec, error as Error & { stderr?: string })}; nothing was written.`);
  }
  return folder;
}

function installFailure(spec: string, error: Error & { stderr?: string; code?: string }): string {
  const said = error.stderr ?? error.message;
  const hint = 'give the generator that made the service with --from <its folder, built, or a tarball>';
  if (error.code === 'ENOENT') return `Cannot install ${spec}: npm is not on the PATH; ${hint}`;
  if (/E404|404 Not Found|is not in this registry|No matching version/i.test(said)) {
    return `${spec} is not on the npm registry: ${hint}`;
  }
  if (/ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|network/i.test(said)) {
    return `Cannot reach the npm registry to install ${spec} (offline?): ${hint}`;
  }
  const line = said.split('\n').find((candidate) => /npm (error|ERR!)/.test(candidate)) ?? said.split('\n')[0];
  return `Cannot install ${spec} (${line?.trim()}): ${hint}`;
}

/** The rendering of another build of the generator, in `folder` (a checkout of it, built, or its package). */
async function generatorAt(folder: string, named: string): Promise<Render> {
  const module = (file: string) => pathToFileURL(join(folder, 'dist', file)).href;
  if (!existsSync(join(folder, 'dist/upgrade/render-service.js'))) {
    throw new UserError(
      `${named} holds no built create-backend that can render a service (dist/upgrade/render-service.js); ` +
        'nothing was written.',
    );
  }
  const { renderService: renderThere } = (await import(module('upgrade/render-service.js'))) as {
    renderService: (record: ServiceRecord, worker: unknown, settings: object) => Promise<Map<string, FileContent>>;
  };
  const { FormatWorker: WorkerThere } = (await import(module('engine/format-worker.js'))) as {
    FormatWorker: new () => { close(): Promise<void> };
  };
  return async (record, team) => {
    const worker = new WorkerThere();
    try {
      return await renderThere(record, worker, { team });
    } finally {
      await worker.close();
    }
  };
}
