import { describe, expect, it } from 'vitest';
import { mergeJsonText, mergeVersions } from '../../src/upgrade/merge.js';

const labels = { base: 'create-backend 1.0.0', theirs: 'create-backend 1.1.0' };

/** The outcome of one file, given its three versions (undefined: the version has no such file). */
async function outcomeOf(base: string | undefined, theirs: string | undefined, yours: string | undefined) {
  const map = (content: string | undefined) => new Map(content === undefined ? [] : [['src/app.ts', content]]);
  const outcomes = await mergeVersions({ base: map(base), theirs: map(theirs), yours: map(yours), labels });
  return outcomes[0];
}

const lines = (...list: string[]) => `${list.join('\n')}\n`;
const original = lines('one', 'two', 'three', 'four', 'five', 'six', 'seven');

// Each row of the per-file table has a golden case in test/golden/upgrade (test/unit/upgrade-golden.test.ts).
describe('bringing a generator change into a service, file by file', () => {
  it('says nothing is to do where all three are the same', async () => {
    expect(await outcomeOf(original, original, original)).toEqual({ path: 'src/app.ts', action: 'SKIP' });
  });

  it('never changes a file marked write-once, as a migration is, even one left as generated', async () => {
    const theirs = lines('one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight');
    const outcomes = await mergeVersions({
      base: new Map([['src/app.ts', original]]),
      theirs: new Map([['src/app.ts', theirs]]),
      yours: new Map([['src/app.ts', original]]),
      labels,
      kindOf: () => 'write-once',
    });
    expect(outcomes).toEqual([
      { path: 'src/app.ts', action: 'SKIP', note: 'written once, never changed: a migration may have run' },
    ]);
  });

  it('restores a required file the user deleted, and leaves a managed one deleted', async () => {
    const theirs = lines('one', 'two (changed)');
    const outcome = (kind: 'required' | 'managed') =>
      mergeVersions({
        base: new Map([['src/app.ts', original]]),
        theirs: new Map([['src/app.ts', theirs]]),
        yours: new Map(),
        labels,
        kindOf: () => kind,
      });
    expect(await outcome('required')).toEqual([
      { path: 'src/app.ts', action: 'CREATE', content: theirs, note: 'the backend commands edit it: restored' },
    ]);
    expect(await outcome('managed')).toEqual([
      { path: 'src/app.ts', action: 'SKIP', note: 'you deleted it: it stays deleted' },
    ]);
  });
});

describe('merging package.json key by key', () => {
  const base = {
    name: 'svc',
    scripts: { test: 'vitest run' },
    dependencies: { fastify: '5.6.0', kysely: '0.28.19' },
  };

  it("keeps the user's dependency beside the generator's version bump and new dependency", async () => {
    // As npm writes it: dependencies sorted.
    const yours = { ...base, dependencies: { 'date-fns': '4.1.0', ...base.dependencies } };
    const theirs = { ...base, dependencies: { fastify: '5.7.0', kysely: '0.28.19', 'lru-cache': '11.5.3' } };
    const outcomes = await mergeVersions({
      base: new Map([['package.json', json(base)]]),
      theirs: new Map([['package.json', json(theirs)]]),
      yours: new Map([['package.json', json(yours)]]),
      labels,
    });
    expect(outcomes[0]?.action).toBe('MERGE');
    expect(JSON.parse(String(outcomes[0]?.content))).toEqual({
      ...base,
      dependencies: { 'date-fns': '4.1.0', fastify: '5.7.0', kysely: '0.28.19', 'lru-cache': '11.5.3' },
    });
    // Still sorted, as npm keeps dependencies.
    expect(Object.keys(JSON.parse(String(outcomes[0]?.content)).dependencies)).toEqual([
      'date-fns',
      'fastify',
      'kysely',
      'lru-cache',
    ]);
  });

  it('falls back to lines, with markers, when both changed the same key', () => {
    const yours = { ...base, dependencies: { ...base.dependencies, fastify: '5.6.1' } };
    const theirs = { ...base, dependencies: { ...base.dependencies, fastify: '5.7.0' } };
    expect(mergeJsonText(json(yours), json(base), json(theirs))).toBeUndefined();
  });

  it('takes a key one side removed when the other left it alone', () => {
    const theirs = { ...base, scripts: {} };
    expect(JSON.parse(mergeJsonText(json(base), json(base), json(theirs))!)).toEqual(theirs);
  });
});

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
