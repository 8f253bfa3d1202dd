import { z } from 'zod';

// What full-text search means to the lists of searchable resources (`?q=`), whichever engine finds the rows: the
// query parameters, how a query is read, and how a match is highlighted. The engine's module does the finding.

/** `?q=`: what to look for, in the syntax of a web search engine. Blank is refused, as it would match nothing. */
export const searchQuerySchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .describe(
    'Words to look for, as a web search engine reads them: "a phrase" in quotes, OR between alternatives, -word ' +
      'to exclude one. The last word also matches as the start of a longer one (type-ahead). Accents and case ' +
      'are ignored, and when no row has the words, rows with words spelt alike are found instead.',
  );

/** `?highlight=true`: each item gets the matching parts of its searchable fields, with the words marked. */
export const highlightQuerySchema = z
  .stringbool()
  .default(false)
  .describe(
    'true: each item gets `highlights`, the parts of its searchable fields that match, as HTML with the matching ' +
      'words in <mark>; the text itself is escaped.',
  );

/** A list's search: the text of `?q=` and whether to highlight it. */
export interface TextSearch {
  q: string;
  highlight: boolean;
}

/** A query as a web search engine reads it: alternatives (OR), each of words, "phrases" and -excluded words. */
export interface ParsedQuery {
  alternatives: { words: string[]; phrases: string[]; excluded: string[] }[];
  /**
   * Whether the user may still be typing the last word: the query ends in a letter or a digit, outside quotes, and
   * that word is not excluded. Then it also matches as a prefix: `kube` finds "Kubernetes".
   */
  typing: boolean;
}

/** Reads `q` as PostgreSQL's websearch_to_tsquery does: quotes make a phrase, OR separates, -word excludes. */
export function parseQuery(q: string): ParsedQuery {
  const alternatives: ParsedQuery['alternatives'] = [{ words: [], phrases: [], excluded: [] }];
  for (const token of q.match(/-?"[^"]*"?|\S+/g) ?? []) {
    const current = alternatives.at(-1)!;
    if (token.toLowerCase() === 'or') {
      if (current.words.length + current.phrases.length > 0) {
        alternatives.push({ words: [], phrases: [], excluded: [] });
      }
    } else if (token.startsWith('-') && token.length > 1) {
      current.excluded.push(token.slice(1).replaceAll('"', ''));
    } else if (token.startsWith('"')) {
      const phrase = token.replaceAll('"', '').trim();
      if (phrase !== '') current.phrases.push(phrase);
    } else {
      current.words.push(token.replaceAll('"', ''));
    }
  }
  const lastWord = q.split(/\s+/).at(-1) ?? '';
  const insideQuotes = (q.match(/"/g)?.length ?? 0) % 2 === 1;
  const typing = /[\p{L}\p{N}]$/u.test(q) && !insideQuotes && !lastWord.startsWith('-') && !lastWord.includes('"');
  return { alternatives: alternatives.filter((each) => each.words.length + each.phrases.length > 0), typing };
}

/** The words a query looks for, without its syntax (quotes, OR, excluded words), for comparing spellings. */
export function plainWords(query: ParsedQuery): string {
  return query.alternatives.flatMap((alternative) => [...alternative.words, ...alternative.phrases]).join(' ');
}

// Two characters of Unicode's private use area mark the matched words in what an engine highlights: they cannot be
// confused with the text's own `<` and `>`, which toHighlight escapes before it turns the marks into <mark> tags.
export const markStart = '\uE000';
export const markEnd = '\uE001';

/** The HTML of a highlight: the text escaped, the matched words in <mark>; undefined when no word matched. */
export function toHighlight(highlighted: string | null | undefined): string | undefined {
  if (!highlighted?.includes(markStart)) return undefined;
  return highlighted
    .replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)
    .replaceAll(markStart, '<mark>')
    .replaceAll(markEnd, '</mark>');
}
