import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_SECRET_TTL_MS, adminFromSecret } from '../../functions/runtime';
import { localAdminToken } from '../../local/admin-token';
import { adminVerifier } from '../../shared/archive/tokens';
import { defined } from '../support/defined';

const A = 'first-admin-token-0123456789abcdef';
const B = 'second-admin-token-0123456789abcde';

describe('the admin token is at least 32 characters, and not a repetition', () => {
  it.each(['a', 'x'.repeat(31), `  ${'y'.repeat(30)}  `])('%j is refused with the rule, never accepted', (short) => {
    expect(() => adminVerifier(short)).toThrow(/at least 32 characters/);
  });

  it('32 characters of a random-looking token are enough', () => {
    const token = 'Zq3-vR8_kLm2Wx7pT9bN4cYh6Jd1Fs5G';
    expect(adminVerifier(token)(token)).toBe(true);
  });

  it.each(['z'.repeat(32), '12'.repeat(20), 'abcdefghij'.repeat(4), 'password-password-password-password'])(
    '%j is long enough but too repetitive: refused with the rule',
    (weak) => {
      expect(() => adminVerifier(weak)).toThrow(/at least 20 different characters/);
    },
  );

  it('a short Secrets Manager value is an error, not a credential', async () => {
    const admin = adminFromSecret('arn:secret', { load: async () => 'short' });
    await expect(admin()).rejects.toThrow(/admin secret is too short: .*at least 32 characters/);
  });
});

describe('npm start: one source of truth for the local admin token', () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'gongkai-admin-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('GONGKAI_ADMIN_TOKEN replaces the stored hash: the old token stops working, the new one persists', () => {
    const data = dir();
    const first = localAdminToken(data, undefined);
    const shown = defined(defined(/admin token: {2}(adm_\S+)/.exec(first.line))[1]);
    expect(first.admin(shown)).toBe(true);
    expect(localAdminToken(data, undefined).admin(shown)).toBe(true);

    const set = localAdminToken(data, A);
    expect(set.admin(A)).toBe(true);
    expect(set.admin(shown)).toBe(false);
    // Restarted without the variable: the file now holds A's hash, never the generated token's.
    const later = localAdminToken(data, undefined);
    expect(later.admin(A)).toBe(true);
    expect(later.admin(shown)).toBe(false);
    expect(readFileSync(join(data, 'admin-token-hash.json'), 'utf8')).not.toContain(A);

    expect(localAdminToken(data, B).admin(A)).toBe(false);
    expect(localAdminToken(data, undefined).admin(B)).toBe(true);
  });

  it('a short GONGKAI_ADMIN_TOKEN is refused and leaves the stored hash alone', () => {
    const data = dir();
    localAdminToken(data, A);
    expect(() => localAdminToken(data, 'a')).toThrow(/GONGKAI_ADMIN_TOKEN is too short/);
    expect(localAdminToken(data, undefined).admin(A)).toBe(true);
    expect(localAdminToken(data, undefined).admin('a')).toBe(false);
  });
});

describe('a rotation in Secrets Manager takes effect within five minutes', () => {
  it('the verifier is cached at most five minutes, then the secret is read again', async () => {
    let secret = A;
    let reads = 0;
    let clock = 1_000_000;
    const admin = adminFromSecret('arn:secret', {
      load: async () => {
        reads++;
        return secret;
      },
      now: () => clock,
    });
    expect((await admin())(A)).toBe(true);
    secret = B;
    clock += ADMIN_SECRET_TTL_MS - 1;
    // Within the five minutes, warm requests do not call Secrets Manager.
    expect((await admin())(A)).toBe(true);
    expect(reads).toBe(1);
    clock += 1;
    const rotated = await admin();
    expect(rotated(B)).toBe(true);
    expect(rotated(A)).toBe(false);
    expect(reads).toBe(2);
    expect(ADMIN_SECRET_TTL_MS).toBeLessThanOrEqual(5 * 60 * 1000);
  });

  it('a failed read is not cached: the next request tries again', async () => {
    let fail = true;
    const admin = adminFromSecret('arn:secret', {
      load: async () => {
        if (fail) throw new Error('throttled');
        return A;
      },
      now: () => 0,
    });
    await expect(admin()).rejects.toThrow('throttled');
    fail = false;
    expect((await admin())(A)).toBe(true);
  });
});
