import type { Page } from '../../archive/types';
import { BadCursor } from '../../archive/errors';

/** Stored values are copies, as a database's are: a caller that changes what it wrote or read changes nothing stored. */
export const copy = <T>(value: T): T => structuredClone(value);

/**
 * A page of `entries` (already in the order the index reads them) after the cursor's sort key. The
 * cursor names its list (`tag`) and the last key handed out, like the table's; one from another list
 * is refused as the table refuses it.
 */
export function pageOf<T>(entries: { sort: string; item: T }[], limit: number, cursor: string | undefined, tag: string, descending = false): Page<T> {
  let start = 0;
  if (cursor !== undefined) {
    const after = decode(cursor, tag);
    const i = entries.findIndex((e) => (descending ? e.sort < after : e.sort > after));
    start = i < 0 ? entries.length : i;
  }
  const slice = entries.slice(start, start + limit);
  const last = slice.at(-1);
  const more = start + limit < entries.length;
  return { items: slice.map((e) => copy(e.item)), nextCursor: more && last ? encode(tag, last.sort) : null };
}

/** Sorts entries by their sort key, ascending or descending. */
export function sorted<T>(entries: { sort: string; item: T }[], descending = false) {
  return entries.sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0) * (descending ? -1 : 1));
}

const encode = (tag: string, sort: string) => Buffer.from(JSON.stringify({ i: tag, s: sort })).toString('base64url');

function decode(cursor: string, tag: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { i?: unknown; s?: unknown };
    if (parsed.i === tag && typeof parsed.s === 'string') return parsed.s;
  } catch {}
  throw new BadCursor();
}
