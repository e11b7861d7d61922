import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchivePorts } from '../../shared/archive/ports';
import { adminVerifier } from '../../shared/archive/tokens';
import { startLocalArchive, type LocalArchive } from '../../local/local-archive';
import type { ServerHandle } from '../../local/local-stack';
import { ADMIN, client, registerMiyun } from '../support/local';
import { sampleVariant } from '../support/variants';
import { defined } from '../support/defined';

/**
 * Stops a storage server in the middle of an upload — before each of its writes in turn — then
 * starts it again, and checks what must hold: a clean 503 with Retry-After, no index item naming
 * a missing object, no published version changed, and a retry that succeeds exactly once.
 */
const WRITES = ['put original', 'put JSON', 'put page', 'commit version', 'publish listing', 'audit'] as const;

let fault: { at: number; server: 's3' | 'dynamo' } | undefined;
let writes = 0;
let servers: { dynamo: ServerHandle; s3: ServerHandle };

/** Counts storage writes; at the armed one, stops the chosen server first. */
function faulty(ports: ArchivePorts, s: typeof servers): ArchivePorts {
  servers = s;
  const before = async () => {
    const n = writes++;
    if (fault && n === fault.at) await servers[fault.server].stop();
  };
  const index = Object.create(ports.index) as ArchivePorts['index'];
  for (const m of ['commitVersion', 'publishLatest', 'putAudit'] as const) {
    index[m] = (async (arg: never) => {
      await before();
      return (ports.index[m] as (a: never) => Promise<void>).call(ports.index, arg);
    }) as never;
  }
  const archive: ArchivePorts['archive'] = {
    put: async (key, bytes, type) => {
      await before();
      return ports.archive.put(key, bytes, type);
    },
    get: (key) => ports.archive.get(key),
    copy: (from, to) => ports.archive.copy(from, to),
    delete: (key) => ports.archive.delete(key),
  };
  return { ...ports, index, archive };
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('faults in the middle of an upload lose nothing and half-write nothing', () => {
  let archive: LocalArchive;
  let dir: string;
  let call: ReturnType<typeof client>;
  let token: string;
  let variant = 100;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-faults-'));
    archive = await startLocalArchive({ dataDir: dir, admin: adminVerifier(ADMIN), wrapPorts: faulty, uploadsPerHour: 100_000 });
    call = client(archive.url);
    token = await registerMiyun(call);
    // A published version that must never change.
    expect((await call('POST', '/v1/reports', { token, body: sampleVariant(99), type: 'text/plain' })).status).toBe(201);
  });
  afterAll(async () => {
    await archive.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Every version the index names has all three objects, and the original hashes to its record. */
  async function checkIndex() {
    const versions = await archive.ports.index.listVersions('miyun-kw', 2021);
    const snapshot = new Map<number, string>();
    for (const v of versions) {
      const [original, json, html] = await Promise.all([v.keys.original, v.keys.json, v.keys.html].map((k) => archive.ports.archive.get(k)));
      expect(original && json && html, `objects of version ${v.version}`).toBeTruthy();
      expect(sha(defined(original).bytes)).toBe(v.sha256);
      snapshot.set(v.version, `${sha(defined(original).bytes)}:${sha(defined(json).bytes)}:${sha(defined(html).bytes)}`);
    }
    expect(versions.map((v) => v.version)).toEqual(versions.map((_, i) => i + 1));
    return snapshot;
  }

  // S3 is written first (the three objects), DynamoDB last: an S3 stop after the puts is harmless;
  // a DynamoDB stop anywhere leaves the commit, listing or audit undone, so the client must retry.
  const cases = WRITES.flatMap((write, at) =>
    (['s3', 'dynamo'] as const).map((server) => ({ write, at, server, expected: server === 's3' && at >= 3 ? 201 : 503 })),
  );

  it.each(cases)('$server stopped before "$write" → $expected', async ({ at, server, expected }) => {
    const before = await checkIndex();
    const body = sampleVariant(variant++);
    writes = 0;
    fault = { at, server };
    const r = await call('POST', '/v1/reports', { token, body, type: 'text/plain' });
    fault = undefined;
    await servers[server].start();
    expect(r.status).toBe(expected);
    if (r.status !== 201) {
      // The failure reached the client as a retryable 503, saying nothing of the internals.
      expect(r.status).toBe(503);
      expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(r.json.type).toBe('urn:gongkai:problem:storage-unavailable');
      expect(r.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/i);
    }

    const after = await checkIndex();
    for (const [version, hashes] of before) expect(after.get(version), `version ${version} unchanged`).toBe(hashes);

    // Retrying the same bytes succeeds, and the report is stored exactly once.
    const retry = await call('POST', '/v1/reports', { token, body, type: 'text/plain' });
    expect([200, 201]).toContain(retry.status);
    if (r.status === 201) expect(retry.status).toBe(200);
    const versions = await archive.ports.index.listVersions('miyun-kw', 2021);
    expect(versions.filter((v) => v.sha256 === sha(body))).toHaveLength(1);
    await checkIndex();
    // The listing shows the newest version again.
    const listed = await call('GET', '/v1/reports?agency=miyun-kw');
    expect(listed.json.items[0].version).toBe(versions.length);
  });
});
