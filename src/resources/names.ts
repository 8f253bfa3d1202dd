/**
 * Names of a resource or field in every case the generated code needs them, and a small English inflector
 * for resource names (plural for tables and URLs, singular for types and path parameters).
 */

const irregular: Record<string, string> = {
  person: 'people',
  child: 'children',
  man: 'men',
  woman: 'women',
  mouse: 'mice',
  goose: 'geese',
  tooth: 'teeth',
  foot: 'feet',
  ox: 'oxen',
  criterion: 'criteria',
  datum: 'data',
  index: 'indices',
  matrix: 'matrices',
  vertex: 'vertices',
  analysis: 'analyses',
  status: 'statuses',
};
const irregularSingular = Object.fromEntries(Object.entries(irregular).map(([one, many]) => [many, one]));
/** Words that are the same in the singular and the plural. */
const uncountable = new Set(['series', 'species', 'news', 'equipment', 'information', 'feedback', 'metadata']);

/** Splits camelCase, PascalCase, snake_case and kebab-case into lower-case words. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

export const camelCase = (name: string) =>
  words(name)
    .map((word, index) => (index === 0 ? word : word[0]!.toUpperCase() + word.slice(1)))
    .join('');
export const pascalCase = (name: string) =>
  words(name)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
export const snakeCase = (name: string) => words(name).join('_');
export const kebabCase = (name: string) => words(name).join('-');

function mapLastWord(name: string, change: (word: string) => string): string {
  const parts = words(name);
  const last = parts.pop();
  if (last === undefined) return name;
  return [...parts, change(last)].join('_');
}

function pluralWord(word: string): string {
  if (uncountable.has(word) || irregularSingular[word]) return word;
  if (irregular[word]) return irregular[word];
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  if (/[^f]fe$/.test(word)) return `${word.slice(0, -2)}ves`;
  if (/[^aeiouf]f$/.test(word) && !/(roof|chief|proof|belief)$/.test(word)) return `${word.slice(0, -1)}ves`;
  return `${word}s`;
}

function singularWord(word: string): string {
  if (uncountable.has(word) || irregular[word]) return word;
  if (irregularSingular[word]) return irregularSingular[word];
  if (/[^aeiou]ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(ss|x|z|ch|sh|ses)es$/.test(word)) return word.slice(0, -2);
  if (/ves$/.test(word)) return `${word.slice(0, -3)}f`;
  if (/ss$/.test(word) || /us$/.test(word) || /is$/.test(word)) return word;
  if (/s$/.test(word)) return word.slice(0, -1);
  return word;
}

/** `task` -> `tasks`, `orderItem` -> `order_items` (in snake case; convert as needed). */
export const pluralize = (name: string) => mapLastWord(name, pluralWord);
export const singularize = (name: string) => mapLastWord(name, singularWord);

export function isPlural(name: string): boolean {
  const last = words(name).at(-1) ?? '';
  return uncountable.has(last) || (pluralWord(singularWord(last)) === last && singularWord(last) !== last);
}

/** The path parameter that names a parent row: `projectId` in /v1/projects/:projectId/tasks. */
export const parentParam = (parent: ResourceNames) => `${parent.singular}Id`;

/** Every spelling of a resource name that the templates use. */
export interface ResourceNames {
  /** `order_items`: the table and the name recorded in backend.json */
  table: string;
  /** `order-items`: the module folder and the URL segment */
  kebab: string;
  /** `orderItems`: variables holding many */
  plural: string;
  /** `orderItem`: variables holding one */
  singular: string;
  /** `OrderItems`: types about the collection (OrderItemsRepository) */
  pluralPascal: string;
  /** `OrderItem`: the entity type */
  singularPascal: string;
  /** `order item` and `order items`: prose in messages and docs */
  singularWords: string;
  pluralWords: string;
}

export function resourceNames(pluralName: string): ResourceNames {
  const table = snakeCase(pluralName);
  const singular = singularize(table);
  return {
    table,
    kebab: kebabCase(table),
    plural: camelCase(table),
    singular: camelCase(singular),
    pluralPascal: pascalCase(table),
    singularPascal: pascalCase(singular),
    singularWords: words(singular).join(' '),
    pluralWords: words(table).join(' '),
  };
}
