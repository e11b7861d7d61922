import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { checkAdminToken, hashAdminToken, type Verifier, verifierFromHash } from '#shared/archive/tokens';

/**
 * The local admin credential has one source of truth: the hash file in the data folder. Setting
 * GONGKAI_ADMIN_TOKEN replaces that file, so the token it held before stops working; without the
 * variable the file is used, and on a first start a token is made, shown once, and only hashed.
 */
export function localAdminToken(dataDir: string, fromEnv: string | undefined): { admin: Verifier; line: string } {
  const adminFile = join(dataDir, 'admin-token-hash.json');
  if (fromEnv) {
    checkAdminToken(fromEnv, 'GONGKAI_ADMIN_TOKEN');
    const stored = hashAdminToken(fromEnv);
    writeFileSync(adminFile, JSON.stringify(stored), { mode: 0o600 });
    return { admin: verifierFromHash(stored), line: `admin token:  $GONGKAI_ADMIN_TOKEN (its hash replaces ${adminFile})` };
  }
  if (existsSync(adminFile)) {
    return {
      admin: verifierFromHash(JSON.parse(readFileSync(adminFile, 'utf8'))),
      line: `admin token:  shown on first start (only its hash is kept in ${adminFile}); set GONGKAI_ADMIN_TOKEN to choose one`,
    };
  }
  const token = `adm_${randomBytes(24).toString('base64url')}`;
  const stored = hashAdminToken(token);
  writeFileSync(adminFile, JSON.stringify(stored), { mode: 0o600 });
  return { admin: verifierFromHash(stored), line: `admin token:  ${token}   (shown once; only its hash is stored)` };
}
