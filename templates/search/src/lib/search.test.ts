import { describe, expect, it } from 'vitest';

import { markEnd, markStart, parseQuery, plainWords, toHighlight } from './search.js';

describe('search queries', () => {
  it('reads quotes, OR and -word as a web search engine does, and whether the last word is still being typed', () => {
    expect(parseQuery('kube')).toEqual({
      alternatives: [{ words: ['kube'], phrases: [], excluded: [] }],
      typing: true,
    });
    expect(parseQuery('"big data" -pipelines')).toEqual({
      alternatives: [{ words: [], phrases: ['big data'], excluded: ['pipelines'] }],
      typing: false,
    });
    expect(parseQuery('zeppelin OR database ')).toEqual({
      alternatives: [
        { words: ['zeppelin'], phrases: [], excluded: [] },
        { words: ['database'], phrases: [], excluded: [] },
      ],
      typing: false,
    });
    expect(parseQuery('"query plan').typing).toBe(false);
  });

  it('keeps the words without the syntax, to compare spellings', () => {
    expect(plainWords(parseQuery('"big data" kubernets -pipelines or zeppelin'))).toBe('kubernets big data zeppelin');
  });

  it('escapes the text of a highlight and marks only the matched words', () => {
    expect(toHighlight(`<b>${markStart}Café${markEnd}</b> & co`)).toBe(
      '&#60;b&#62;<mark>Café</mark>&#60;/b&#62; &#38; co',
    );
    expect(toHighlight('no match here')).toBeUndefined();
    expect(toHighlight(null)).toBeUndefined();
  });
});
