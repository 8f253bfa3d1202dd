import { describe, expect, it } from 'vitest';

import { entityTag, ifMatchVersions, isNotModified } from './entity-tags.js';

describe('entity tags', () => {
  it('tags a version as a strong entity tag', () => {
    expect(entityTag(3)).toBe('"3"');
  });

  it('reads the versions If-Match allows, strong tags only', () => {
    expect(ifMatchVersions(undefined)).toBeUndefined();
    expect(ifMatchVersions('*')).toBeUndefined();
    expect(ifMatchVersions('"3"')).toEqual([3]);
    expect(ifMatchVersions('"3", "5"')).toEqual([3, 5]);
    expect(ifMatchVersions('W/"3"')).toEqual([]);
    expect(ifMatchVersions('"abc", "0", "2147483648", 3')).toEqual([]);
  });

  it('answers If-None-Match with a weak comparison', () => {
    expect(isNotModified(undefined, 3)).toBe(false);
    expect(isNotModified('"3"', 3)).toBe(true);
    expect(isNotModified('W/"3"', 3)).toBe(true);
    expect(isNotModified('"2", "3"', 3)).toBe(true);
    expect(isNotModified('*', 3)).toBe(true);
    expect(isNotModified('"2"', 3)).toBe(false);
  });
});
