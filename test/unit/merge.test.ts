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

describe('bringing a generator change into a service, file by file', () => {
  it('takes theirs where the user left the file as generated', async () => {
    const theirs = lines('one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight');
    expect(await outcomeOf(original, theirs, original)).toEqual({
      path: 'src/app.ts',
      action: 'UPDATE',
      content: theirs,
    });
  });

  it('keeps yours where the generator did not change the file', async () => {
    const yours = lines('one', 'two', 'THREE', 'four', 'five', 'six', 'seven');
    const outcome = await outcomeOf(original, original, yours);
    expect(outcome).toMatchObject({ action: 'SKIP' });
    expect(outcome).not.toHaveProperty('content');
  });

  it('merges edits of different lines, keeping both', async () => {
    const yours = lines('one (edited by the team)', 'two', 'three', 'four', 'five', 'six', 'seven');
    const theirs = lines('one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight');
    expect(await outcomeOf(original, theirs, yours)).toEqual({
      path: 'src/app.ts',
      action: 'MERGE',
      content: lines('one (edited by the team)', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight'),
    });
  });

  it('marks edits of the same lines as a conflict, labelled with the versions', async () => {
    const yours = lines('one', 'two', 'three', 'four (ours)', 'five', 'six', 'seven');
    const theirs = lines('one', 'two', 'three', 'four (theirs)', 'five', 'six', 'seven');
    const outcome = await outcomeOf(original, theirs, yours);
    expect(outcome?.action).toBe('CONFLICT');
    expect(outcome?.content).toBe(
      lines(
        'one',
        'two',
        'three',
        '<<<<<<< yours',
        'four (ours)',
        '=======',
        'four (theirs)',
        '>>>>>>> create-backend 1.1.0',
        'five',
        'six',
        'seven',
      ),
    );
  });

  it('leaves a file the user deleted deleted, and says so', async () => {
    const theirs = lines('one', 'two (changed)');
    expect(await outcomeOf(original, theirs, undefined)).toEqual({
      path: 'src/app.ts',
      action: 'SKIP',
      note: 'you deleted it: it stays deleted',
    });
  });

  it('finds a file the user renamed by its content, and brings the change there', async () => {
    const theirs = lines('one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight');
    const outcomes = await mergeVersions({
      base: new Map([['src/app.ts', original]]),
      theirs: new Map([['src/app.ts', theirs]]),
      yours: new Map([['src/application.ts', original]]),
      labels,
    });
    expect(outcomes).toEqual([
      { path: 'src/application.ts', action: 'UPDATE', content: theirs, note: '(renamed from src/app.ts)' },
    ]);
  });

  it('creates a new file of theirs, and merges one the user added at the same path as both added', async () => {
    expect(await outcomeOf(undefined, original, undefined)).toEqual({
      path: 'src/app.ts',
      action: 'CREATE',
      content: original,
    });
    const mine = lines('my own app');
    expect(await outcomeOf(undefined, original, mine)).toMatchObject({
      action: 'CONFLICT',
      note: 'you and the generator both added it',
    });
  });

  it('deletes a file the generator no longer makes, unless the user changed it', async () => {
    expect(await outcomeOf(original, undefined, original)).toMatchObject({ action: 'DELETE' });
    const kept = await outcomeOf(original, undefined, lines('mine'));
    expect(kept).toMatchObject({ action: 'SKIP' });
    expect(kept).not.toHaveProperty('content');
  });

  it('says nothing is to do where all three are the same', async () => {
    expect(await outcomeOf(original, original, original)).toEqual({ path: 'src/app.ts', action: 'SKIP' });
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
