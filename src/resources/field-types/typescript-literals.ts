/** Values as the generated TypeScript writes them: string literals, JSON values, and messages to match. */

/** A single-quoted TypeScript string literal, as Prettier writes them. */
export function tsString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n')}'`;
}

/** A JSON value as a TypeScript literal, with single quotes. */
export function tsLiteral(value: unknown): string {
  if (typeof value === 'string') return tsString(value);
  if (Array.isArray(value)) return `[${value.map(tsLiteral).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).map(
      ([key, member]) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : tsString(key)}: ${tsLiteral(member)}`,
    );
    return members.length === 0 ? '{}' : `{ ${members.join(', ')} }`;
  }
  return String(value);
}

/** A regular expression literal matching `text` exactly (as a part of the message). */
export function messagePattern(text: string): string {
  return `/${text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/`;
}
