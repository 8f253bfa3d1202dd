import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { fileKinds } from './engine/file-kinds.js';
import { manifestPath } from './engine/manifest-path.js';
import { UserError } from './errors.js';
import { optionsSchema } from './options/schema.js';
import { traitIds } from './resources/traits/types.js';

const manifestSchema = z.object({
  generator: z.object({ name: z.literal('create-backend'), version: z.string() }),
  options: optionsSchema.omit({ install: true, git: true }),
  // The team preset the service started from (a git source) and the commit it was at.
  preset: z.object({ source: z.string(), commit: z.string() }).optional(),
  features: z.array(z.string()),
  // The codemods (engine/codemods.ts) the service's code has had, or was made with.
  codemods: z.array(z.string()).optional(),
  resources: z.array(
    z.object({
      name: z.string(),
      fields: z.array(z.string()),
      parent: z.string().optional(),
      traits: z.array(z.enum(traitIds)).optional(),
      // How the first version with owned resources recorded them; read, no longer written.
      owned: z.boolean().optional(),
      migration: z.string(),
    }),
  ),
  // The job types `backend add job` added (the generated ones are not recorded).
  jobs: z.array(z.object({ name: z.string(), fields: z.array(z.string()) })).optional(),
  files: z.record(z.string(), z.object({ sha256: z.string(), kind: z.enum(fileKinds).optional() })),
});

export type Manifest = z.output<typeof manifestSchema>;

/** Finds the service around `startDir` by walking up to the nearest backend.json. */
export interface Project {
  root: string;
  manifest: Manifest;
}

/** The record in backend.json (`file`, for the errors), checked against what create-backend writes. */
export function projectManifest(text: string, file = manifestPath): Manifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UserError(`${file} is not valid JSON; it should be the record create-backend wrote.`);
  }
  const parsed = manifestSchema.safeParse(data);
  if (!parsed.success) throw new UserError(`${file} was not written by create-backend (or was edited by hand).`);
  return parsed.data;
}

export async function findProject(startDir: string): Promise<Project> {
  let dir = startDir;
  for (;;) {
    const file = join(dir, manifestPath);
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined) return { root: dir, manifest: projectManifest(text, file) };
    const parent = dirname(dir);
    if (parent === dir) {
      throw new UserError(
        `No backend.json found in ${startDir} or above: run backend inside a service made by create-backend.`,
      );
    }
    dir = parent;
  }
}
