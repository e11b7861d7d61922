import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sessionKeyFromSecret } from '../../functions/runtime';
import { CONSOLE_JS } from '../../shared/site/admin-script';
import { cookieValue, csrfMatches, csrfToken, isLoopbackHost, newSession, readSession, SESSION_SECONDS } from '../../shared/http/console-session';
import { defined } from '../support/defined';

const AT = new Date('2026-03-02T10:00:00.000Z');
const later = (seconds: number) => new Date(AT.getTime() + seconds * 1000);
const SECRET = 'Zq8#vK2$mP9!xR4@tL7%wN3^bH6&cJ1*dF5(gS0)';

describe('the admin console session', () => {
  const key = randomBytes(32);

  it('is honoured until it expires, and not a second after', () => {
    const { value } = newSession(key, 'a', AT);
    expect(readSession(key, value, later(SESSION_SECONDS - 1))).toMatchObject({ role: 'a' });
    expect(readSession(key, value, later(SESSION_SECONDS))).toBeUndefined();
  });

  it('is refused under another key, or with any part changed', () => {
    const { value } = newSession(key, 'p', AT);
    expect(readSession(randomBytes(32), value, AT)).toBeUndefined();
    const [, id, expires, mac] = value.split('.');
    expect(readSession(key, `a.${id}.${expires}.${mac}`, AT)).toBeUndefined();
    expect(readSession(key, `p.${id}.${Number(expires) + 3600}.${mac}`, AT)).toBeUndefined();
    // One character of the MAC changed, to one it is surely not (a fixed 'A' was no change when it was already 'A').
    const tampered = `${defined(mac).startsWith('A') ? 'B' : 'A'}${defined(mac).slice(1)}`;
    expect(readSession(key, `p.${id}.${expires}.${tampered}`, AT)).toBeUndefined();
    expect(readSession(key, undefined, AT)).toBeUndefined();
  });

  it('binds the CSRF token to one session', () => {
    const one = newSession(key, 'a', AT).session;
    const two = newSession(key, 'a', AT).session;
    expect(csrfMatches(key, one, csrfToken(key, one))).toBe(true);
    expect(csrfMatches(key, one, csrfToken(key, two))).toBe(false);
    expect(csrfMatches(key, one, undefined)).toBe(false);
    expect(csrfMatches(key, one, '')).toBe(false);
  });

  it('reads its cookie among others, and leaves Secure off only for this machine', () => {
    expect(cookieValue('a=1; gk_admin=p.x.1.y; b=2', 'gk_admin')).toBe('p.x.1.y');
    expect(cookieValue('xgk_admin=1', 'gk_admin')).toBeUndefined();
    expect(['127.0.0.1:3000', 'localhost', '[::1]:8080'].map(isLoopbackHost)).toEqual([true, true, true]);
    expect(['gongkai.example.org', 'abc.execute-api.us-east-1.amazonaws.com', '127.0.0.1.evil.org'].map(isLoopbackHost)).toEqual([false, false, false]);
  });

  it('in Lambda, every container derives the same key from the admin secret, and a rotated secret another', async () => {
    const load = (secret: string) => async () => secret;
    const a = await sessionKeyFromSecret('arn:secret', { load: load(SECRET) })();
    const b = await sessionKeyFromSecret('arn:secret', { load: load(SECRET) })();
    const rotated = await sessionKeyFromSecret('arn:secret', { load: load(`${SECRET}x`) })();
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(rotated))).toBe(false);
    expect(Buffer.from(a).toString('utf8')).not.toContain(SECRET);
    // A secret too weak to be the admin token signs nothing either.
    await expect(sessionKeyFromSecret('arn:secret', { load: load('short') })()).rejects.toThrow(/too short/);
  });

  it('the copy script writes only fixed words, as text, and touches no storage or network', () => {
    expect(CONSOLE_JS).toContain('navigator.clipboard.writeText(input.value)');
    expect(CONSOLE_JS).not.toMatch(
      /innerHTML|outerHTML|insertAdjacentHTML|document\.write|document\.cookie|localStorage|sessionStorage|fetch\(|XMLHttpRequest|eval\(/,
    );
  });
});
