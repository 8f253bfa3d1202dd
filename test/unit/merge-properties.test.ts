import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeVersions } from '../../src/upgrade/merge.js';

/**
 * The properties `backend add <feature>` and `backend upgrade` promise, over generated files and edits: a file is
 * 4 to 30 lines; the generator's edit and the developer's replace, insert or delete lines in regions at least one
 * untouched line apart (edits that touch are a conflict, which the golden case shows).
 */
const labels = { base: 'create-backend 1.0.0', theirs: 'create-backend 1.1.0' };
const line = fc.stringMatching(/^[a-z]{1,8}( [a-z]{1,8}){0,3};$/);

/** An edit of lines [from, to): what replaces them (none: deleted; from === to: inserted). */
interface Edit {
  from: number;
  to: number;
  lines: string[];
}

function apply(lines: string[], edit: Edit): string[] {
  return [...lines.slice(0, edit.from), ...edit.lines, ...lines.slice(edit.to)];
}

const text = (lines: string[]) => `${lines.join('\n')}\n`;

/** A file and two edits of it that leave at least one line between them, the developer's after the generator's. */
const apart = fc
  .array(line, { minLength: 4, maxLength: 30 })
  .chain((base) =>
    fc
      .tuple(
        fc.integer({ min: 0, max: base.length - 3 }),
        fc.integer({ min: 0, max: 2 }),
        fc.array(line, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 2 }),
        fc.array(line, { minLength: 1, maxLength: 3 }),
      )
      .chain(([from, theirLength, theirLines, yourLength, yourLines]) => {
        const theirEnd = Math.min(from + theirLength, base.length - 2);
        return fc.integer({ min: theirEnd + 1, max: base.length - 1 }).map((yourFrom) => ({
          base,
          theirs: { from, to: theirEnd, lines: theirLines },
          yours: { from: yourFrom, to: Math.min(yourFrom + yourLength, base.length), lines: yourLines },
        }));
      }),
  )
  // Lines of their own: an edit that re-creates a line next to it is a different merge, not this property.
  .filter(
    ({ base, theirs, yours }) =>
      new Set([...base, ...theirs.lines, ...yours.lines]).size ===
      base.length + theirs.lines.length + yours.lines.length,
  );

async function merge(base: string, theirs: string, yours: string) {
  const [outcome] = await mergeVersions({
    base: new Map([['src/app.ts', base]]),
    theirs: new Map([['src/app.ts', theirs]]),
    yours: new Map([['src/app.ts', yours]]),
    labels,
  });
  return outcome!;
}

describe('merging, as properties', () => {
  it("keeps the developer's edit and brings in the generator's when they touch different lines", async () => {
    await fc.assert(
      fc.asyncProperty(apart, async ({ base, theirs, yours }) => {
        // The developer's edit comes later in the file: applied first, the generator's still points at its lines.
        const expected = apply(apply(base, yours), theirs);
        const outcome = await merge(text(base), text(apply(base, theirs)), text(apply(base, yours)));
        expect(outcome.action).not.toBe('CONFLICT');
        expect(String(outcome.content ?? text(apply(base, yours)))).toBe(text(expected));
      }),
      { numRuns: 60 },
    );
  });

  it('changes nothing when the generator changes nothing (upgrading to the same version)', async () => {
    await fc.assert(
      fc.asyncProperty(apart, async ({ base, yours }) => {
        const outcome = await merge(text(base), text(base), text(apply(base, yours)));
        expect(outcome.action).toBe('SKIP');
        expect(outcome).not.toHaveProperty('content');
      }),
      { numRuns: 60 },
    );
  });

  it('is a no-op the second time: what the first run wrote has the change already', async () => {
    await fc.assert(
      fc.asyncProperty(apart, async ({ base, theirs, yours }) => {
        const first = await merge(text(base), text(apply(base, theirs)), text(apply(base, yours)));
        const written = String(first.content ?? text(apply(base, yours)));
        const second = await merge(text(base), text(apply(base, theirs)), written);
        expect(second.action).toBe('SKIP');
        expect(second).not.toHaveProperty('content');
      }),
      { numRuns: 60 },
    );
  });
});
