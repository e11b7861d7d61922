import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord as Audit } from '../../shared/archive/types';
import { ADMIN, client, freshArchive, readSample, registerMiyun } from '../support/local';
import { sampleVariant } from '../support/variants';
import { defined } from '../support/defined';

const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/**
 * Attempts from a known token that are refused before or outside the upload's own checks, and the
 * admin's actions on agencies and tokens, each leave a record: caller, action, outcome, time, and the
 * body's SHA-256 where there is one. Read back through GET /v1/audit?agency=.
 */
describe('the audit trail records refused attempts and admin actions', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let call: ReturnType<typeof client>;
  let token: string;
  let tokenId: string;
  const started = Date.now() - 1000;

  const trail = async (agency: string): Promise<Audit[]> => {
    const r = await call('GET', `/v1/audit?agency=${agency}&limit=100`, { token: ADMIN });
    expect(r.status).toBe(200);
    // Never a token, an admin token or a secret in the trail.
    expect(r.text).not.toContain(ADMIN);
    expect(r.text).not.toContain(defined(token.split('.')[1]));
    return r.json.items;
  };
  const newest = async (agency: string) => defined((await trail(agency))[0]);
  const fresh = (a: Audit) => {
    expect(Date.parse(a.at)).toBeGreaterThanOrEqual(started);
    expect(Date.parse(a.at)).toBeLessThanOrEqual(Date.now());
  };

  beforeAll(async () => {
    archive = await freshArchive();
    call = client(archive.url);
    token = await registerMiyun(call);
    tokenId = token.slice(3, 19);
    const other = await call('POST', '/v1/agencies', { token: ADMIN, json: { id: 'haidian', name: '北京市海淀区人民政府' } });
    expect(other.status).toBe(201);
  });
  afterAll(() => archive.close());

  it('registration: by the admin, with the body hash and the first token issued', async () => {
    const body = { id: 'chaoyang', name: '北京市朝阳区人民政府' };
    const r = await call('POST', '/v1/agencies', { token: ADMIN, json: body });
    expect(r.status).toBe(201);
    const a = await newest('chaoyang');
    expect(a).toMatchObject({
      actor: 'admin',
      action: 'register-agency',
      outcome: 'created',
      status: 201,
      tokenId: r.json.tokenId,
      sha256: sha(JSON.stringify(body)),
    });
    fresh(a);
    // A second registration of the id is refused, and that is on the record too.
    expect((await call('POST', '/v1/agencies', { token: ADMIN, json: body })).status).toBe(409);
    expect(await newest('chaoyang')).toMatchObject({ actor: 'admin', action: 'register-agency', outcome: 'rejected', status: 409, problem: 'agency-exists' });
  });

  it('token issue and revocation by the admin', async () => {
    const issued = await call('POST', '/v1/agencies/miyun-kw/tokens', { token: ADMIN });
    expect(issued.status).toBe(201);
    const a = await newest('miyun-kw');
    expect(a).toMatchObject({ actor: 'admin', action: 'issue-token', outcome: 'created', status: 201, tokenId: issued.json.tokenId });
    expect(a.sha256).toBeUndefined();
    fresh(a);
    expect((await call('DELETE', `/v1/agencies/miyun-kw/tokens/${issued.json.tokenId}`, { token: ADMIN })).status).toBe(204);
    expect(await newest('miyun-kw')).toMatchObject({ actor: 'admin', action: 'revoke-token', outcome: 'revoked', status: 204, tokenId: issued.json.tokenId });
  });

  it('a cross-agency upload (403) is in the token’s own trail, naming the agency it tried', async () => {
    const body = sampleVariant(1);
    const r = await call('POST', '/v1/reports?agency=haidian', { token, body, type: 'text/plain' });
    expect(r.status).toBe(403);
    const a = await newest('miyun-kw');
    expect(a).toMatchObject({
      actor: `token:${tokenId}`,
      action: 'upload',
      outcome: 'rejected',
      status: 403,
      problem: 'forbidden',
      target: 'haidian',
      sha256: sha(body),
      size: body.length,
    });
    fresh(a);
  });

  it('an agency token on an admin route (403) is in its own trail', async () => {
    expect((await call('POST', '/v1/agencies/haidian/tokens', { token })).status).toBe(403);
    expect(await newest('miyun-kw')).toMatchObject({ actor: `token:${tokenId}`, action: 'issue-token', outcome: 'rejected', status: 403, target: 'haidian' });
  });

  it('a bad query (400)', async () => {
    const body = sampleVariant(2);
    const r = await call('POST', '/v1/reports?year=20x1', { token, body, type: 'text/plain' });
    expect(r.status).toBe(400);
    const a = await newest('miyun-kw');
    expect(a).toMatchObject({ actor: `token:${tokenId}`, action: 'upload', outcome: 'rejected', status: 400, problem: 'bad-request', sha256: sha(body) });
    fresh(a);
  });

  it('a revoked token (401)', async () => {
    const spare = await call('POST', '/v1/agencies/miyun-kw/tokens', { token: ADMIN });
    expect((await call('DELETE', `/v1/agencies/miyun-kw/tokens/${spare.json.tokenId}`, { token: ADMIN })).status).toBe(204);
    const body = sampleVariant(3);
    const r = await call('POST', '/v1/reports', { token: spare.json.token, body, type: 'text/plain' });
    expect(r.status).toBe(401);
    const a = await newest('miyun-kw');
    expect(a).toMatchObject({ actor: `token:${spare.json.tokenId}`, action: 'upload', outcome: 'rejected', status: 401, sha256: sha(body) });
    fresh(a);
  });

  it('an oversized body (413)', async () => {
    const body = Buffer.alloc(5 * 1024 * 1024, 0x41);
    const r = await call('POST', '/v1/reports', { token, body, type: 'text/plain' });
    expect(r.status).toBe(413);
    const a = await newest('miyun-kw');
    expect(a).toMatchObject({
      actor: `token:${tokenId}`,
      action: 'upload',
      outcome: 'rejected',
      status: 413,
      problem: 'payload-too-large',
      size: body.length,
      sha256: sha(body),
    });
    fresh(a);
  });

  it('accepted uploads stay recorded as before, now with their action', async () => {
    const body = readSample();
    expect((await call('POST', '/v1/reports', { token, body, type: 'text/plain' })).status).toBe(201);
    expect(await newest('miyun-kw')).toMatchObject({ actor: `token:${tokenId}`, action: 'upload', outcome: 'created', status: 201, sha256: sha(body) });
  });

  it('an unknown token leaves no record: there is no caller to name', async () => {
    const before = (await trail('miyun-kw')).length;
    const r = await call('POST', '/v1/reports', { token: `gk_${'0'.repeat(16)}.${'A'.repeat(43)}`, body: sampleVariant(4), type: 'text/plain' });
    expect(r.status).toBe(401);
    expect((await trail('miyun-kw')).length).toBe(before);
  });
});
