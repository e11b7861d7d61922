import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isBuiltin } from 'node:module';
import { expect, it } from 'vitest';

it('`cdk synth` runs offline with no AWS credentials and bundles every function', () => {
  const out = mkdtempSync(join(tmpdir(), 'gongkai-synth-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !k.startsWith('CDK_')));
  // No credentials and no reachable endpoint: a lookup would fail the synth.
  const r = spawnSync('npx', ['cdk', 'synth', '--quiet', '--output', out], {
    env: { ...env, AWS_EC2_METADATA_DISABLED: 'true', HTTPS_PROXY: 'http://127.0.0.1:9' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  try {
    expect(r.status, r.stderr).toBe(0);
    for (const stack of ['GongkaiArchive', 'GongkaiApi']) expect(existsSync(join(out, `${stack}.template.json`))).toBe(true);
    const bundles = readdirSync(out).filter((d) => d.startsWith('asset.') && existsSync(join(out, d, 'index.mjs')));
    expect(bundles).toHaveLength(4);
    for (const b of bundles) {
      const file = join(out, b, 'index.mjs');
      expect(statSync(file).size).toBeLessThan(400 * 1024);
      // The service clients come from the runtime; nothing else is left unbundled.
      const imports = [...readFileSync(file, 'utf8').matchAll(/from"(@?[\w/-]+)"/g)].map((m) => m[1]!);
      expect(imports.filter((i) => !isBuiltin(i) && !i.startsWith('@aws-sdk/client-'))).toEqual([]);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 180_000);
