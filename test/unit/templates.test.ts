import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { templatesRoot } from '../../src/paths.js';

/**
 * Templates that are copied as they are must already be formatted as the generated service's Prettier settings
 * say: the generator does not format them (it would cost more than the whole scaffold), and the service's own
 * `format:check` would fail. (Rendered `.hbs` files are checked by the generated-project matrix.)
 */
describe('the base templates', () => {
  it('are formatted with the service’s own Prettier settings', async () => {
    const base = join(templatesRoot, 'base');
    const options = JSON.parse(await readFile(join(base, '.prettierrc.json'), 'utf8')) as object;
    const files = (await readdir(base, { recursive: true })).filter((file) => /\.(ts|js|json|ya?ml|md)$/.test(file));
    const unformatted: string[] = [];
    for (const file of files) {
      const content = await readFile(join(base, file), 'utf8');
      if (!(await prettier.check(content, { ...options, filepath: join(base, file) }))) unformatted.push(file);
    }
    expect(files.length).toBeGreaterThan(40);
    expect(unformatted).toEqual([]);
  });
});
