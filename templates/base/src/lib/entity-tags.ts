import { z } from 'zod';

/*
 * Entity tags (RFC 9110, section 8.8.3) of rows that carry a version. The database adds one to a row's version on
 * every UPDATE (the increment_version trigger), so a version names one state of the row, and its tag is simply
 * `"<version>"`. The tags are strong, as If-Match compares strongly: a weak tag (W/"3") never lets a write through.
 */

/** The ETag of a row at `version`: `"3"`. */
export const entityTag = (version: number): string => `"${version}"`;

// One entity-tag of a list such as `"3", W/"4"`: an optional W/ (weak), then the tag between double quotes.
const entityTagPattern = /(W\/)?"([^"]*)"/g;

// Versions are integer columns: 1 up to PostgreSQL's largest integer.
const isVersion = (tag: string) => /^[1-9]\d{0,9}$/.test(tag) && Number(tag) <= 2_147_483_647;

/** The versions named by the tags of `header`; weak tags only when `weakToo`. Tags that are not ours name none. */
function versionsIn(header: string, weakToo: boolean): number[] {
  const versions: number[] = [];
  for (const [, weak, tag = ''] of header.matchAll(entityTagPattern)) {
    if ((weakToo || !weak) && isVersion(tag)) versions.push(Number(tag));
  }
  return versions;
}

/**
 * The versions an If-Match header lets a PUT, PATCH or DELETE change: undefined when there is no condition (no
 * header, or `*`: any current state, and the write needs the row to exist anyway). A list that names none of our
 * versions (only weak tags, or tags from elsewhere) is an empty list: no row matches, and the write is refused.
 */
export function ifMatchVersions(header: string | undefined): number[] | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  return versionsIn(header, false);
}

/**
 * Whether If-None-Match says the client already has the row at `version` (or `*`: any version), so that a GET can
 * answer 304 with no body. GET compares weakly: W/"3" is as good as "3".
 */
export function isNotModified(header: string | undefined, version: number): boolean {
  if (header === undefined) return false;
  return header.trim() === '*' || versionsIn(header, true).includes(version);
}

/*
 * The headers, as the routes that read them declare them: for /docs, which lists them as parameters. Loose objects,
 * as a headers schema's output replaces request.headers: every other header must pass through untouched.
 */
export const ifNoneMatchHeaders = z.looseObject({
  'if-none-match': z
    .string()
    .optional()
    .describe('The ETag of the copy the client has: 304 with no body while it is still the current version'),
});

export const ifMatchHeaders = z.looseObject({
  'if-match': z
    .string()
    .optional()
    .describe('The ETag the client read: the change is made only if it is still current, else 412 (no lost update)'),
});
