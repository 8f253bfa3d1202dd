import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The package root: two levels above this file in both src/ (tests) and dist/ (the built CLI). */
export const packageRoot = fileURLToPath(new URL('..', import.meta.url));
export const templatesRoot = fileURLToPath(new URL('../templates/', import.meta.url));
export const presetsRoot = fileURLToPath(new URL('../presets/', import.meta.url));

export const generatorVersion: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
