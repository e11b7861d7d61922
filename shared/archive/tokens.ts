import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TokenRecord } from './types';

/**
 * Upload tokens: `gk_{tokenId}.{secret}`. The id finds the record; the secret is stored only as
 * HMAC-SHA256 under a per-token salt, and compared in constant time. The secret has 256 bits of
 * entropy, so a fast keyed hash is enough (no password-style stretching on every upload).
 */
const TOKEN = /^gk_([a-z0-9]{16})\.([A-Za-z0-9_-]{43})$/;

export const hashSecret = (salt: string, secret: string) => createHmac('sha256', salt).update(secret).digest('base64url');

export function issueToken(agency: string, now: string): { token: string; record: TokenRecord } {
  const tokenId = randomBytes(10).toString('hex').slice(0, 16);
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16).toString('base64url');
  return { token: `gk_${tokenId}.${secret}`, record: { tokenId, agency, salt, hash: hashSecret(salt, secret), createdAt: now } };
}

export function parseToken(token: string): { tokenId: string; secret: string } | undefined {
  const [, tokenId, secret] = TOKEN.exec(token) ?? [];
  return tokenId !== undefined && secret !== undefined ? { tokenId, secret } : undefined;
}

export function secretMatches(record: { salt: string; hash: string }, secret: string): boolean {
  const a = Buffer.from(hashSecret(record.salt, secret));
  const b = Buffer.from(record.hash);
  return a.length === b.length && timingSafeEqual(a, b);
}

export type Verifier = (candidate: string) => boolean;

/** Shorter admin tokens are refused: `GONGKAI_ADMIN_TOKEN=a` must not become a working credential. */
export const ADMIN_TOKEN_MIN_LENGTH = 32;
/**
 * Length alone lets `aaaa…` or `12121212…` through. A token drawn at random from even a small
 * alphabet has far more distinct characters than this (48 characters from Secrets Manager's ~90 have
 * about 38; the 43 of a base64url secret about 31), a typed pattern far fewer.
 */
export const ADMIN_TOKEN_MIN_DISTINCT = 20;

/** Throws, naming the rule, for an admin token too short or too repetitive to be one; never accepts it. */
export function checkAdminToken(adminToken: string, source = 'admin token'): void {
  const token = adminToken.trim();
  if (token.length < ADMIN_TOKEN_MIN_LENGTH)
    throw new Error(`${source} is too short: an admin token needs at least ${ADMIN_TOKEN_MIN_LENGTH} characters (got ${token.length})`);
  const distinct = new Set(token).size;
  if (distinct < ADMIN_TOKEN_MIN_DISTINCT)
    throw new Error(
      `${source} is too repetitive: an admin token needs at least ${ADMIN_TOKEN_MIN_DISTINCT} different characters (got ${distinct}); generate one, e.g. openssl rand -base64 36`,
    );
}

/** The admin token is compared the same way, against a salted hash. */
export const hashAdminToken = (adminToken: string) => {
  checkAdminToken(adminToken);
  const salt = randomBytes(16).toString('base64url');
  return { salt, hash: hashSecret(salt, adminToken) };
};
export const verifierFromHash =
  (stored: { salt: string; hash: string }): Verifier =>
  (candidate) =>
    secretMatches(stored, candidate);
export const adminVerifier = (adminToken: string): Verifier => verifierFromHash(hashAdminToken(adminToken));
