import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, client, freshArchive, registerMiyun } from '../support/local';
import { sampleVariant } from '../support/variants';

/** A token may revoke only itself; the admin may revoke any token. */
describe('token revocation', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let call: ReturnType<typeof client>;
  beforeAll(async () => {
    archive = await freshArchive();
    call = client(archive.url);
  });
  afterAll(() => archive.close());

  const upload = (token: string, n: number) => call('POST', '/v1/reports', { token, body: sampleVariant(n), type: 'text/plain' });

  it('a leaked old token cannot revoke its replacement (403, in Chinese), and the replacement keeps working', async () => {
    const old = await registerMiyun(call);
    const replacement = await call('POST', '/v1/agencies/miyun-kw/tokens', { token: ADMIN });
    expect(replacement.status).toBe(201);
    const r = await call('DELETE', `/v1/agencies/miyun-kw/tokens/${replacement.json.tokenId}`, { token: old });
    expect(r.status).toBe(403);
    expect(r.json.type).toBe('urn:gongkai:problem:forbidden');
    expect(r.json.detail).toMatch(/只能吊销它自己/);
    expect((await upload(replacement.json.token, 11)).status).toBe(201);

    // The replacement may not revoke the old one either: it revokes itself, or asks the admin.
    const oldId = old.slice(3, 19);
    expect((await call('DELETE', `/v1/agencies/miyun-kw/tokens/${oldId}`, { token: replacement.json.token })).status).toBe(403);
    expect((await call('DELETE', `/v1/agencies/miyun-kw/tokens/${oldId}`, { token: ADMIN })).status).toBe(204);
    expect((await upload(old, 12)).status).toBe(401);
  });

  it('a token may revoke itself, and is then refused', async () => {
    const t = await call('POST', '/v1/agencies/miyun-kw/tokens', { token: ADMIN });
    expect((await call('DELETE', `/v1/agencies/miyun-kw/tokens/${t.json.tokenId}`, { token: t.json.token })).status).toBe(204);
    expect((await upload(t.json.token, 13)).status).toBe(401);
    const audit = await call('GET', '/v1/audit?agency=miyun-kw', { token: ADMIN });
    expect(audit.json.items[0]).toMatchObject({ actor: `token:${t.json.tokenId}`, action: 'upload', status: 401 });
    expect(audit.json.items[1]).toMatchObject({ actor: `token:${t.json.tokenId}`, action: 'revoke-token', outcome: 'revoked', tokenId: t.json.tokenId });
  });
});
