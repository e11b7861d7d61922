import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The admin console's session: a signed, expiring cookie, so that any Lambda container can check
 * it without a store. `p` is the login form's pre-session (it only carries the form's CSRF token),
 * `a` a signed-in admin. The CSRF token is an HMAC of the session id, so it is bound to one session
 * and needs no storage either. Both HMACs use a key that only the server holds (derived from the
 * admin secret in Lambda): rotating the admin token ends every session.
 */
export const SESSION_COOKIE = 'gk_admin';
export const SESSION_PATH = '/admin';
/** Short-lived: a forgotten console closes itself. There is no renewal; the admin signs in again. */
export const SESSION_SECONDS = 30 * 60;

export type SessionRole = 'p' | 'a';
export interface Session {
  role: SessionRole;
  id: string;
  /** epoch seconds */
  expires: number;
}

const mac = (key: Uint8Array, text: string) => createHmac('sha256', key).update(text).digest('base64url');

/** Compares two strings in constant time (for equal lengths; the length of a MAC is no secret). */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function newSession(key: Uint8Array, role: SessionRole, now: Date): { session: Session; value: string } {
  const session = { role, id: randomBytes(16).toString('base64url'), expires: Math.floor(now.getTime() / 1000) + SESSION_SECONDS };
  const body = `${session.role}.${session.id}.${session.expires}`;
  return { session, value: `${body}.${mac(key, body)}` };
}

/** The session a cookie value carries, if its MAC is ours and it has not expired. */
export function readSession(key: Uint8Array, value: string | undefined, now: Date): Session | undefined {
  const m = /^([pa])\.([A-Za-z0-9_-]{22})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value ?? '');
  if (!m) return undefined;
  const [, role, id, expires, given] = m as unknown as [string, SessionRole, string, string, string];
  if (!sameText(mac(key, `${role}.${id}.${expires}`), given)) return undefined;
  if (Number(expires) * 1000 <= now.getTime()) return undefined;
  return { role, id, expires: Number(expires) };
}

/** The CSRF token of every form of a session. */
export const csrfToken = (key: Uint8Array, session: Session) => mac(key, `csrf.${session.id}`);

export const csrfMatches = (key: Uint8Array, session: Session, given: string | undefined) => given !== undefined && sameText(csrfToken(key, session), given);

/** The value of one cookie in a Cookie header (`a=1; b=2`). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(/;\s*/)) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Set-Cookie for the session: HttpOnly, SameSite=Strict, Path=/admin, and Secure except when the
 * console is served to this machine over plain http (`npm start`).
 */
export function sessionCookie(value: string, options: { secure: boolean; maxAge?: number }): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    `Path=${SESSION_PATH}`,
    `Max-Age=${options.maxAge ?? SESSION_SECONDS}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

/** Only a loopback host is served without Secure: anywhere else the cookie travels over https only. */
export const isLoopbackHost = (host: string | undefined) => /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i.test(host ?? '');
