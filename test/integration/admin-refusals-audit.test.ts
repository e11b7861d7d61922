import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord as Audit } from '../../shared/archive/types';
import { ADMIN, client, freshArchive, readSample, registerMiyun } from '../support/local';
import { defined } from '../support/defined';

const sha = (b: string) => createHash('sha256').update(b).digest('hex');

/**
 * An agency token on each admin route gets its 403, and each refusal is in that token's agency's
 * trail: who, which action, the agency it was about, and the body's hash where there was one. So are
 * the admin's own refused requests (a bad body), under the agency they were about.
 */
describe('every refused admin call is audited', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let call: ReturnType<typeof client>;
  let token: string;
  let tokenId: string;
  const trail = async (agency: string): Promise<Audit[]> => {
    const r = await call('GET', `/v1/audit?agency=${agency}&limit=100`, { token: ADMIN });
    expect(r.status).toBe(200);
    return r.json.items;
  };

  beforeAll(async () => {
    archive = await freshArchive();
    call = client(archive.url);
    token = await registerMiyun(call);
    tokenId = token.slice(3, 19);
    expect((await call('POST', '/v1/agencies', { token: ADMIN, json: { id: 'haidian', name: '北京市海淀区人民政府' } })).status).toBe(201);
    expect((await call('POST', '/v1/reports', { token, body: readSample(), type: 'text/plain' })).status).toBe(201);
  });
  afterAll(() => archive.close());

  const refused: { name: string; method: string; path: string; json?: unknown; action: string; target?: string }[] = [
    { name: 'edit an agency', method: 'PATCH', path: '/v1/agencies/haidian', json: { aliases: ['海淀区政府'] }, action: 'agency-update', target: 'haidian' },
    {
      name: 'withdraw a version',
      method: 'POST',
      path: '/v1/reports/miyun-kw/2021/versions/1/withdraw',
      json: { reason: '自行撤回本机关的报告' },
      action: 'withdraw',
    },
    { name: 'read the audit', method: 'GET', path: '/v1/audit?agency=haidian', action: 'read-audit', target: 'haidian' },
    { name: 'list agencies', method: 'GET', path: '/v1/agencies', action: 'list-agencies' },
    { name: 'list tokens', method: 'GET', path: '/v1/agencies/haidian/tokens', action: 'list-tokens', target: 'haidian' },
    { name: 'remove an agency', method: 'DELETE', path: '/v1/agencies/haidian', action: 'delete-agency', target: 'haidian' },
    { name: 'issue a token', method: 'POST', path: '/v1/agencies/haidian/tokens', action: 'issue-token', target: 'haidian' },
  ];

  for (const r of refused) {
    it(`${r.name}: 403 for an agency token, in its own agency's trail`, async () => {
      const before = (await trail('miyun-kw')).length;
      const res = await call(r.method, r.path, { token, ...(r.json ? { json: r.json } : {}) });
      expect(res.status).toBe(403);
      expect(res.json).toMatchObject({ type: 'urn:gongkai:problem:forbidden' });
      expect(res.json.detail).toContain('管理员');
      const items = await trail('miyun-kw');
      expect(items).toHaveLength(before + 1);
      const a = defined(items[0]);
      expect(a).toMatchObject({ actor: `token:${tokenId}`, action: r.action, outcome: 'rejected', status: 403, problem: 'forbidden' });
      expect(a.target).toBe(r.target);
      if (r.json) expect(a.sha256).toBe(sha(JSON.stringify(r.json)));
    });
  }

  it('nothing the agency token asked for happened', async () => {
    expect((await call('GET', '/v1/agencies/haidian')).json.aliases ?? []).not.toContain('海淀区政府');
    expect((await call('GET', '/v1/reports/miyun-kw/2021')).json.version).toBe(1);
    expect((await call('GET', '/v1/agencies/haidian/tokens', { token: ADMIN })).json.items).toHaveLength(1);
  });

  it('the admin’s own refused edit (400) is in the trail of the agency it was about', async () => {
    const body = { name: 'x' };
    const r = await call('PATCH', '/v1/agencies/haidian', { token: ADMIN, json: body });
    expect(r.status).toBe(400);
    expect((await trail('haidian'))[0]).toMatchObject({
      actor: 'admin',
      action: 'agency-update',
      outcome: 'rejected',
      status: 400,
      sha256: sha(JSON.stringify(body)),
    });
  });

  it('a body over the limit (413), refused before any route runs, is filed under the route’s action too', async () => {
    const body = Buffer.alloc(5 * 1024 * 1024, 0x20);
    const patch = await call('PATCH', '/v1/agencies/haidian', { token, body, type: 'application/json' });
    expect(patch.status).toBe(413);
    const a = defined((await trail('miyun-kw'))[0]);
    expect(a).toMatchObject({
      actor: `token:${tokenId}`,
      action: 'agency-update',
      outcome: 'rejected',
      status: 413,
      problem: 'payload-too-large',
      target: 'haidian',
    });
    expect(a.sha256).toBe(createHash('sha256').update(body).digest('hex'));
    const presign = await call('POST', '/v1/uploads', { token, body, type: 'application/json' });
    expect(presign.status).toBe(413);
    expect((await trail('miyun-kw'))[0]).toMatchObject({ actor: `token:${tokenId}`, action: 'start-upload', status: 413, problem: 'payload-too-large' });
  });

  it("another agency's upload is not found (404), and the attempt is in the asking token's trail", async () => {
    const haidian = (await call('POST', '/v1/agencies/haidian/tokens', { token: ADMIN })).json.token as string;
    const started = await call('POST', '/v1/uploads', { token: haidian, json: { filename: 'a.txt', contentType: 'text/plain', size: 100 } });
    expect(started.status).toBe(201);
    expect((await call('GET', `/v1/uploads/${started.json.id}`, { token })).status).toBe(404);
    expect((await trail('miyun-kw'))[0]).toMatchObject({ actor: `token:${tokenId}`, action: 'read-upload', outcome: 'rejected', status: 404 });
  });
});
