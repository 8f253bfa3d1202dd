/** Words and identifiers for the generated code: articles, capitals, safe variable names, wrapped doc comments. */

/** `a project`, `an order item` (by the first letter; English has exceptions this does not know). */
export const withArticle = (text: string) => `${/^[aeio]/i.test(text) ? 'an' : 'a'} ${text}`;

export const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Words that cannot name a variable, and names the generated code already uses in the same scope. */
const unavailable = new Set([
  ...['arguments', 'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete'],
  ...['do', 'else', 'enum', 'eval', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'implements'],
  ...['import', 'in', 'instanceof', 'interface', 'let', 'new', 'null', 'package', 'private', 'protected', 'public'],
  ...['return', 'static', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'undefined', 'var', 'void'],
  ...['while', 'with', 'yield', 'NaN', 'Infinity'],
  // handler, service and test scopes
  ...['request', 'reply', 'id', 'input', 'changes', 'options', 'filters', 'query', 'handler', 'tags', 'db', 'sql', 'z'],
  ...['app', 'response', 'list', 'ids', 'post', 'payload', 'body', 'rows', 'row', 'created', 'matching', 'missing'],
  ...['existing', 'taken', 'replacement', 'lowest', 'middle', 'highest', 'refused', 'accepted', 'first', 'second'],
  ...['expect', 'it', 'describe', 'beforeEach', 'afterEach', 'randomUUID', 'isoDateTime', 'url', 'n', 'fields'],
  ...['signIn', 'caller', 'inject', 'stranger', 'admin'],
]);

/** `name`, or `theName` when `name` is a keyword or already used nearby (`taken`). */
export function variableName(name: string, taken: ReadonlySet<string> = new Set()): string {
  let candidate = name;
  if (unavailable.has(candidate) || taken.has(candidate)) candidate = `the${capitalize(name)}`;
  while (taken.has(candidate)) candidate = `${candidate}Row`;
  return candidate;
}

/** Splits `text` into lines that, each after `prefix`, stay within `width` columns (a long word stays whole). */
function wrapWords(text: string, prefix: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && `${prefix}${line} ${word}`.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * A JSDoc comment of `text`, on one line if it fits in 120 columns, else wrapped a little shorter, so that a
 * word added in an edit does not push the line past Prettier's width; `indent` is its indentation.
 */
export function docComment(text: string, indent = '', width = 113): string {
  const oneLine = `${indent}/** ${text} */`;
  if (oneLine.length <= 120) return oneLine;
  const lines = wrapWords(text, `${indent} * `, width);
  return [`${indent}/**`, ...lines.map((each) => `${indent} * ${each}`), `${indent} */`].join('\n');
}

/** A `//` comment of `text`, wrapped as docComment wraps. */
export function lineComment(text: string, indent = '', width = 113): string {
  return wrapWords(text, `${indent}// `, width)
    .map((each) => `${indent}// ${each}`)
    .join('\n');
}
