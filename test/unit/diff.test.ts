import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/engine/diff.js';

describe('unifiedDiff', () => {
  it('shows an added line with its context, as git does', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\nh\n';
    const after = 'a\nb\nc\nd\nnew\ne\nf\ng\nh\n';
    expect(unifiedDiff('x.ts', before, after)).toBe(
      ['--- a/x.ts', '+++ b/x.ts', '@@ -2,6 +2,7 @@', ' b', ' c', ' d', '+new', ' e', ' f', ' g'].join('\n'),
    );
  });

  it('shows a changed line as a removal and an addition', () => {
    expect(unifiedDiff('x.ts', 'one\ntwo\n', 'one\n2\n')).toBe(
      ['--- a/x.ts', '+++ b/x.ts', '@@ -1,2 +1,2 @@', ' one', '-two', '+2'].join('\n'),
    );
  });

  it('is empty when nothing changed', () => {
    expect(unifiedDiff('x.ts', 'same\n', 'same\n')).toBe('');
  });

  it('keeps distant changes in separate hunks', () => {
    const lines = Array.from({ length: 30 }, (_, index) => `line ${index}`);
    const changed = [...lines];
    changed[2] = 'first change';
    changed[25] = 'second change';
    const diff = unifiedDiff('x.ts', `${lines.join('\n')}\n`, `${changed.join('\n')}\n`);
    expect(diff.match(/^@@/gm)).toHaveLength(2);
  });
});
