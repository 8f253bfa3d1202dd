#!/usr/bin/env node
// Part of `npm run build`: compiles every handlebars template under templates/ ahead of time, into one file
// per folder of templates/ (dist/templates/base.cjs, dist/templates/resource.cjs...), so that a command loads
// only the folders it renders. Compiling at run time was the largest cost of `backend add resource` after
// Prettier. The built CLI renders from these files and compiles any template it does not find in them (as
// the tests, which run from src/, always do).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

// The options src/engine/render.ts compiles with: both paths must give the same output.
const compileOptions = { noEscape: true, strict: true };
const templatesRoot = fileURLToPath(new URL('../templates/', import.meta.url));
const outputDir = fileURLToPath(new URL('../dist/templates/', import.meta.url));

const byFolder = new Map();
for (const path of readdirSync(templatesRoot, { recursive: true }).map((each) => each.split('\\').join('/'))) {
  if (!path.endsWith('.hbs')) continue;
  const folder = path.split('/')[0];
  const specification = Handlebars.precompile(readFileSync(templatesRoot + path, 'utf8'), compileOptions);
  byFolder.set(folder, [...(byFolder.get(folder) ?? []), `  ${JSON.stringify(path)}: ${specification},`]);
}

rmSync(outputDir, { recursive: true, force: true });
mkdirSync(outputDir, { recursive: true });
for (const [folder, entries] of byFolder) {
  const header = '// Written by scripts/precompile-templates.js from templates/. Do not edit.';
  writeFileSync(`${outputDir}${folder}.cjs`, `${header}\nmodule.exports = {\n${entries.sort().join('\n')}\n};\n`);
}
console.log(`precompiled the templates of ${[...byFolder.keys()].sort().join(', ')}`);
