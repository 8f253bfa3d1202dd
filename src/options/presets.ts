import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { presetsRoot } from '../paths.js';
import { describeIssues, presetSchema, type Preset } from './schema.js';

/** The names of the presets that ship with the generator (presets/<name>.json). */
export function builtInPresetNames(): string[] {
  return readdirSync(presetsRoot)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

/**
 * Loads a preset by name (`api`) or from a file (`./ours.json`, `/abs/team.json`). A reference that looks
 * like a path is read as a file; anything else must be a built-in preset.
 */
export function loadPreset(reference: string, cwd = process.cwd()): Preset {
  const isPath = reference.includes('/') || reference.includes('\\') || reference.endsWith('.json');
  const file = isPath ? resolve(cwd, reference) : join(presetsRoot, `${reference}.json`);
  if (!isPath && !builtInPresetNames().includes(reference)) {
    throw new UserError(`Unknown preset "${reference}"; available presets: ${builtInPresetNames().join(', ')}.`);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UserError(`Cannot read the preset file ${reference}.`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UserError(`The preset ${reference} is not valid JSON: ${(error as Error).message}.`);
  }
  const parsed = presetSchema.safeParse(data);
  if (!parsed.success) {
    throw new UserError(`The preset ${reference} is invalid: ${describeIssues(parsed.error)}.`);
  }
  return parsed.data;
}
