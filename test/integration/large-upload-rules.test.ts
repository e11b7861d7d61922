import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord as Audit } from '../../shared/archive/types';
import { createIncoming } from '../../functions/runtime';
import { BUCKET } from '../../local/local-archive';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/local-stack';
import { ADMIN, clearOfHourTurn, client, freshArchive, readSample, registerMiyun } from '../support/local';
import { sampleVariant } from '../support/variants';
import { defined } from '../support/defined';

const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/**
 * Large uploads follow the direct upload's rules: the presign takes the hour's slot, and the ingest
 * checks again that the token that asked is not revoked and that its agency still exists. A refusal
 * is on the upload, in the audit, and its object is deleted; nothing is stored.
 */
describe('large uploads follow the direct upload’s rules', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let call: ReturnType<typeof client>;
  let miyun: string;

  beforeAll(async () => {
    archive = await freshArchive({ uploadsPerHour: 3 });
    call = client(archive.url);
    miyun = await registerMiyun(call);
  });
  afterAll(() => archive.close());

  const announce = (token: string, bytes: Uint8Array) =>
    call('POST', '/v1/uploads', { token, json: { filename: 'miyun.txt', contentType: 'text/plain', size: bytes.length } });
  const put = (url: string, bytes: Uint8Array) => fetch(url, { method: 'PUT', body: bytes, headers: { 'content-type': 'text/plain' } });
  const trail = async (agency: string): Promise<Audit[]> => (await call('GET', `/v1/audit?agency=${agency}&limit=100`, { token: ADMIN })).json.items;
  const incoming = () => createIncoming({ bucket: BUCKET }, { s3: archive.s3.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });

  /** The upload record once the ingest has finished it (read from the index: a revoked token cannot ask). */
  async function settled(id: string) {
    for (let i = 0; i < 300; i++) {
      const u = await archive.ports.index.getUpload(id);
      if (u && u.status !== 'pending') return u;
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error(`upload ${id} still pending`);
  }

  it('a token revoked after presigning cannot publish: refused 401, audited, object deleted', async () => {
    const spare = (await call('POST', '/v1/agencies/miyun-kw/tokens', { token: ADMIN })).json;
    const bytes = readSample();
    const started = await announce(spare.token, bytes);
    expect(started.status, started.text).toBe(201);
    expect((await call('DELETE', `/v1/agencies/miyun-kw/tokens/${spare.tokenId}`, { token: ADMIN })).status).toBe(204);

    expect((await put(started.json.url, bytes)).status).toBe(200);
    const done = await settled(started.json.id);
    expect(done).toMatchObject({ status: 'refused', problem: { status: 401, type: 'urn:gongkai:problem:unauthorized' } });
    expect(defined(done.problem).detail).toContain('吊销');
    expect((await call('GET', '/v1/reports/miyun-kw/2021')).status).toBe(404);
    expect(await archive.ports.index.listVersions('miyun-kw', 2021)).toEqual([]);
    expect(await incoming().get(`incoming/miyun-kw/${started.json.id}`)).toBeUndefined();
    // The agency's other token sees the refusal on the upload.
    expect((await call('GET', `/v1/uploads/${started.json.id}`, { token: miyun })).json).toMatchObject({ status: 'refused', problem: { status: 401 } });
    expect((await trail('miyun-kw'))[0]).toMatchObject({
      actor: `token:${spare.tokenId}`,
      action: 'upload',
      outcome: 'rejected',
      status: 401,
      problem: 'unauthorized',
      sha256: sha(bytes),
      size: bytes.length,
    });
  });

  it('an agency removed after presigning stores nothing: refused 404, audited under its id, object deleted', async () => {
    const made = await call('POST', '/v1/agencies', { token: ADMIN, json: { id: 'miyun-temp', name: '北京市密云区科学技术委员会', region: '110118' } });
    expect(made.status).toBe(201);
    const bytes = sampleVariant(31);
    const started = await announce(made.json.token, bytes);
    expect(started.status).toBe(201);
    expect((await call('DELETE', '/v1/agencies/miyun-temp', { token: ADMIN })).status).toBe(204);

    expect((await put(started.json.url, bytes)).status).toBe(200);
    const done = await settled(started.json.id);
    expect(done).toMatchObject({ status: 'refused', problem: { status: 404, type: 'urn:gongkai:problem:not-found' } });
    expect(await archive.ports.index.listVersions('miyun-temp', 2021)).toEqual([]);
    expect(await incoming().get(`incoming/miyun-temp/${started.json.id}`)).toBeUndefined();
    expect((await trail('miyun-temp'))[0]).toMatchObject({
      actor: `token:${made.json.tokenId}`,
      action: 'upload',
      outcome: 'rejected',
      status: 404,
      sha256: sha(bytes),
    });
  });

  it('the presign takes the hour’s slot: over the limit it is a 429 with Retry-After, audited, and no URL', async () => {
    await clearOfHourTurn();
    // An agency of its own, whose hour no other test has used.
    const made = await call('POST', '/v1/agencies', { token: ADMIN, json: { id: 'miyun-limit', name: '北京市密云区科学技术委员会', region: '110118' } });
    const token = made.json.token as string;
    // One direct upload and two presigned ones use the hour's three slots; their ingest takes none.
    expect((await call('POST', '/v1/reports', { token, body: sampleVariant(41), type: 'text/plain' })).status).toBe(201);
    for (const n of [42, 43]) {
      const bytes = sampleVariant(n);
      const started = await announce(token, bytes);
      expect(started.status, started.text).toBe(201);
      expect((await put(started.json.url, bytes)).status).toBe(200);
      expect(await settled(started.json.id)).toMatchObject({ status: 'stored', result: { status: 201 } });
    }
    const body = sampleVariant(44);
    const refused = await announce(token, body);
    expect(refused.status).toBe(429);
    expect(refused.json).toMatchObject({ type: 'urn:gongkai:problem:too-many-uploads', limit: 3 });
    expect(refused.json.detail).toContain('上限');
    expect(refused.json.url).toBeUndefined();
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await trail('miyun-limit'))[0]).toMatchObject({
      actor: `token:${made.json.tokenId}`,
      action: 'start-upload',
      outcome: 'rejected',
      status: 429,
      problem: 'too-many-uploads',
      sha256: sha(JSON.stringify({ filename: 'miyun.txt', contentType: 'text/plain', size: body.length })),
    });
    // The direct upload is over the same limit.
    expect((await call('POST', '/v1/reports', { token, body: sampleVariant(45), type: 'text/plain' })).status).toBe(429);
    expect((await call('GET', '/v1/reports/miyun-limit/2021/versions')).json.versions).toHaveLength(3);
  }, 120_000);

  it('refusals of the presign itself are audited: a revoked token (401), a bad announcement (400)', async () => {
    const spare = (await call('POST', '/v1/agencies/miyun-kw/tokens', { token: ADMIN })).json;
    const bad = await call('POST', '/v1/uploads', { token: spare.token, json: { filename: 'a/b.pdf', contentType: 'application/pdf', size: 10 } });
    expect(bad.status).toBe(400);
    expect((await trail('miyun-kw'))[0]).toMatchObject({
      actor: `token:${spare.tokenId}`,
      action: 'start-upload',
      outcome: 'rejected',
      status: 400,
      problem: 'bad-request',
    });
    expect((await call('DELETE', `/v1/agencies/miyun-kw/tokens/${spare.tokenId}`, { token: ADMIN })).status).toBe(204);
    const revoked = await announce(spare.token, readSample());
    expect(revoked.status).toBe(401);
    expect((await trail('miyun-kw'))[0]).toMatchObject({ actor: `token:${spare.tokenId}`, action: 'start-upload', outcome: 'rejected', status: 401 });
    const read = await call('GET', `/v1/uploads/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`, { token: spare.token });
    expect(read.status).toBe(401);
    expect((await trail('miyun-kw'))[0]).toMatchObject({ actor: `token:${spare.tokenId}`, action: 'read-upload', outcome: 'rejected', status: 401 });
  });
});
