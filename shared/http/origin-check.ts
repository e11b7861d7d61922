import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The header CloudFront adds to every request it sends to the API (an origin custom header; a
 * viewer's own copy is replaced). A request without the right value came around CloudFront, past
 * its WAF web ACL: the functions refuse it (403 `direct-access`).
 */
export const ORIGIN_HEADER = 'x-gongkai-origin';

/** Tells whether a request carries an accepted value of the origin header. */
export type OriginCheck = (presented: string | undefined) => Promise<boolean>;

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Accepts any of `values` (during a rotation, the new one and the one CloudFront may still send).
 * Each comparison is of SHA-256 digests, equal in length, in constant time, and every value is
 * compared whatever the outcome, so the time taken says nothing about the value.
 */
export function originVerifier(values: readonly string[]): (presented: string | undefined) => boolean {
  const accepted = values.map(digest);
  return (presented) => {
    const d = digest(presented ?? '');
    let ok = false;
    for (const a of accepted) ok = timingSafeEqual(a, d) || ok;
    return ok && presented !== undefined;
  };
}
