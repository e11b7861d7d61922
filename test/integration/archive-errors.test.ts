import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../shared/http/types';
import { ADMIN, client, freshArchive, readSample, registerMiyun } from '../support/local';

describe('bad requests get a precise problem+json and store nothing', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let call: ReturnType<typeof client>;
  let token: string;
  let otherToken: string;
  const sample = readSample();

  beforeAll(async () => {
    archive = await freshArchive();
    call = client(archive.url);
    token = await registerMiyun(call);
    otherToken = (await call('POST', '/v1/agencies', { token: ADMIN, json: { id: 'haidian', name: '北京市海淀区人民政府' } })).json.token;
  });
  afterAll(() => archive.close());

  const expectProblem = (r: Awaited<ReturnType<typeof call>>, status: number, slug: string) => {
    expect(r.status).toBe(status);
    expect(r.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(r.json).toMatchObject({ type: `urn:gongkai:problem:${slug}`, status });
    expect(r.json.detail).toMatch(/[\u4e00-\u9fff]/);
  };
  const nothingStored = async () => expect((await call('GET', '/v1/reports')).json.items).toEqual([]);

  it('401 without a token, with a malformed one, with a wrong secret', async () => {
    expectProblem(await call('POST', '/v1/reports', { body: sample, type: 'text/plain' }), 401, 'unauthorized');
    expectProblem(await call('POST', '/v1/reports', { token: 'nope', body: sample, type: 'text/plain' }), 401, 'unauthorized');
    const forged = token.replace(/\.(.)/, (_m, c: string) => `.${c === 'A' ? 'B' : 'A'}`);
    expectProblem(await call('POST', '/v1/reports', { token: forged, body: sample, type: 'text/plain' }), 401, 'unauthorized');
    await nothingStored();
  });

  it('403 when a token names another agency or is not the admin; the admin token is no upload credential (401)', async () => {
    expectProblem(await call('POST', '/v1/reports?agency=miyun-kw', { token: otherToken, body: sample, type: 'text/plain' }), 403, 'forbidden');
    expectProblem(await call('POST', '/v1/reports', { token: ADMIN, body: sample, type: 'text/plain' }), 401, 'unauthorized');
    expectProblem(await call('POST', '/v1/agencies', { token, json: { id: 'x', name: 'x' } }), 403, 'forbidden');
    await nothingStored();
  });

  it("422 when the report is another agency's", async () => {
    const r = await call('POST', '/v1/reports', { token: otherToken, body: sample, type: 'text/plain' });
    expectProblem(r, 422, 'agency-mismatch');
    expect(r.json.detail).toContain('北京市海淀区人民政府');
    await nothingStored();
  });

  it('422 with the findings when the tables do not add up; ?strict=false stores it flagged', async () => {
    const text = sample.toString('utf8');
    const at = text.indexOf('一、本年新收政府信息公开申请数量');
    const zero = text.indexOf('\t0', at);
    const broken = Buffer.from(`${text.slice(0, zero)}\t5${text.slice(zero + 2)}`);
    const r = await call('POST', '/v1/reports', { token, body: broken, type: 'text/plain' });
    expectProblem(r, 422, 'validation-failed');
    expect(r.json.findings.map((f: { rule: string }) => f.rule)).toEqual(['T3_BALANCE', 'T3_ROW_TOTAL']);
    expect(r.json.findings[0].message).toContain('表三 自然人 列：第一项+第二项=5，第三项+第四项=0');
    await nothingStored();

    const imported = await call('POST', '/v1/reports?strict=false', { token, body: broken, type: 'text/plain' });
    expect(imported.status).toBe(201);
    expect(imported.json.hasErrors).toBe(true);
    const flagged = await call('GET', '/v1/reports?hasErrors=true');
    expect(flagged.json.items).toMatchObject([{ agency: 'miyun-kw', year: 2021, errors: 2, hasErrors: true }]);
    expect((await call('GET', '/v1/reports?hasErrors=false')).json.items).toEqual([]);
  });

  it('413 over the limit, stating the limit', async () => {
    const r = await call('POST', '/v1/reports', { token, body: new Uint8Array(MAX_BODY_BYTES + 1).fill(0x41), type: 'text/plain' });
    expectProblem(r, 413, 'payload-too-large');
    expect(r.json.limitBytes).toBe(MAX_BODY_BYTES);
    expect(r.json.detail).toContain('4 MB');
  });

  it('415 for an image, by its bytes, whatever its content type claims', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expectProblem(await call('POST', '/v1/reports', { token, body: png, type: 'text/plain' }), 415, 'unsupported-media-type');
    expectProblem(await call('POST', '/v1/validate', { body: png, type: 'application/octet-stream' }), 415, 'unsupported-media-type');
    expectProblem(await call('POST', '/v1/reports', { token, body: Buffer.from('%PDF-1.4 ...'), type: 'text/plain' }), 422, 'corrupt-pdf');
  });

  it('400 for bad parameters and bodies, validated at the edge', async () => {
    expectProblem(await call('GET', '/v1/reports?limit=1000'), 400, 'bad-request');
    expectProblem(await call('GET', '/v1/reports?cursor=!!'), 400, 'bad-request');
    expectProblem(await call('GET', '/v1/reports?cursor=eyJpIjoiR1NJMyIsImsiOnsiUEsiOnsibiI6MX19fQ'), 400, 'bad-cursor');
    expectProblem(await call('GET', '/v1/reports/miyun-kw/20x1'), 400, 'bad-request');
    expectProblem(await call('GET', '/v1/reports/..%2F..%2Fetc/2021'), 400, 'bad-request');
    expectProblem(await call('POST', '/v1/agencies', { token: ADMIN, json: { id: 'Bad Slug', name: 'x' } }), 400, 'bad-request');
    expectProblem(await call('POST', '/v1/agencies', { token: ADMIN, body: '{', type: 'application/json' }), 400, 'bad-request');
    expectProblem(await call('POST', '/v1/reports', { token, body: '', type: 'text/plain' }), 400, 'empty-body');
  });

  it('404 for what is not there', async () => {
    expectProblem(await call('GET', '/v1/reports/miyun-kw/2019'), 404, 'not-found');
    expectProblem(await call('GET', '/v1/reports/miyun-kw/2021?version=99'), 404, 'not-found');
    expectProblem(await call('GET', '/v1/agencies/nobody'), 404, 'not-found');
    expectProblem(await call('GET', '/v2/anything'), 404, 'not-found');
  });

  it('422 for bytes that are not a report', async () => {
    const r = await call('POST', '/v1/reports', { token, body: Buffer.from('随便写的一段话。'), type: 'text/plain' });
    expectProblem(r, 422, 'not-a-report');
  });
});
