import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, MIYUN, client, freshArchive, readSample, registerMiyun } from '../support/local';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('upload → read → list → correct → versions, over HTTP against real local servers', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let call: ReturnType<typeof client>;
  let token: string;
  const sample = readSample();

  beforeAll(async () => {
    archive = await freshArchive();
    call = client(archive.url);
    token = await registerMiyun(call);
  });
  afterAll(() => archive.close());

  it('registers an agency and shows its token once', async () => {
    expect(token).toMatch(/^gk_[a-z0-9]{16}\.[A-Za-z0-9_-]{43}$/);
    const again = await call('POST', '/v1/agencies', { token: ADMIN, json: MIYUN });
    expect(again.status).toBe(409);
    expect(again.json.type).toBe('urn:gongkai:problem:agency-exists');
  });

  it('uploads the sample: 201 with version 1, its hash and links', async () => {
    const r = await call('POST', '/v1/reports?filename=miyun-kw-2021.txt', { token, body: sample, type: 'text/plain' });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ agency: 'miyun-kw', year: 2021, version: 1, sha256: sha(sample), findings: [], checked: true });
    expect(r.json.links).toEqual({
      json: '/v1/reports/miyun-kw/2021?version=1',
      html: '/v1/reports/miyun-kw/2021/html?version=1',
      original: '/v1/reports/miyun-kw/2021/original?version=1',
    });
  });

  it('the same bytes again → 200 with the existing version', async () => {
    const r = await call('POST', '/v1/reports', { token, body: sample, type: 'text/plain' });
    expect(r.status).toBe(200);
    expect(r.json.version).toBe(1);
  });

  it('serves the structured report, the page and the original bytes', async () => {
    const json = await call('GET', '/v1/reports/miyun-kw/2021');
    expect(json.status).toBe(200);
    expect(json.json.report.agency).toBe(MIYUN.name);
    expect(json.json.version).toBe(1);
    const html = await call('GET', '/v1/reports/miyun-kw/2021/html');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html.text).toContain('<caption>表三 收到和处理政府信息公开申请情况</caption>');
    const original = await call('GET', '/v1/reports/miyun-kw/2021/original');
    expect(original.status).toBe(200);
    expect(sha(original.bytes)).toBe(sha(sample));
    // Served under the archive's own name; the uploaded name is kept in the versions listing.
    expect(original.headers.get('content-disposition')).toMatch(/^attachment; filename="miyun-kw-2021-v1.txt"/);
    expect(original.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it('lists the latest versions with filters', async () => {
    const all = await call('GET', '/v1/reports');
    expect(all.json.items.map((i: { agency: string }) => i.agency)).toEqual(['miyun-kw']);
    expect(all.json.items[0].checked).toBe(true);
    expect((await call('GET', '/v1/reports?year=2021&region=110118')).json.items).toHaveLength(1);
    expect((await call('GET', '/v1/reports?year=2020')).json.items).toHaveLength(0);
    expect((await call('GET', '/v1/reports?hasErrors=true')).json.items).toHaveLength(0);
    expect((await call('GET', '/v1/reports?agency=miyun-kw')).json.items).toHaveLength(1);
  });

  it('a correction creates version 2; version 1 stays readable; versions list the changed cells', async () => {
    const text = sample.toString('utf8');
    const at = text.indexOf('行政规范性文件');
    const four = text.indexOf('\t4', at);
    const corrected = Buffer.from(`${text.slice(0, four)}\t5${text.slice(four + 2)}`);
    const r = await call('POST', '/v1/reports', { token, body: corrected, type: 'text/plain' });
    expect(r.status).toBe(201);
    expect(r.json.version).toBe(2);
    expect((await call('GET', '/v1/reports/miyun-kw/2021')).json.version).toBe(2);
    const v1 = await call('GET', '/v1/reports/miyun-kw/2021?version=1');
    expect(v1.json.report.tables.activeDisclosure.normativeDocuments.inForce.value).toBe(4);
    const versions = await call('GET', '/v1/reports/miyun-kw/2021/versions');
    expect(versions.json.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(versions.json.versions[1].changedCells).toEqual([{ table: 'activeDisclosure', row: 'normativeDocuments', column: 'inForce', from: 4, to: 5 }]);
    const list = await call('GET', '/v1/reports');
    expect(list.json.items.map((i: { version: number }) => i.version)).toEqual([2]);
  });

  it('the agency page lists its reports by year', async () => {
    const r = await call('GET', '/v1/agencies/miyun-kw');
    expect(r.json).toMatchObject({ id: 'miyun-kw', name: MIYUN.name, region: '110118', reports: [{ year: 2021, version: 2 }] });
  });

  it('validates without storing', async () => {
    const r = await call('POST', '/v1/validate', { body: sample, type: 'text/plain' });
    expect(r.status).toBe(200);
    expect(r.json.ok).toBe(true);
    expect(r.json.checked).toBe(true);
    expect(r.json.report.year).toBe(2021);
  });

  it('a report whose table 三 could not be read is archived as unchecked, and listed so', async () => {
    const text = sample.toString('utf8');
    const cut = Buffer.from(text.slice(0, text.indexOf('一、本年新收政府信息公开申请数量')) + text.slice(text.indexOf('四、政府信息公开行政复议')));
    const r = await call('POST', '/v1/reports', { token, body: cut, type: 'text/plain' });
    expect(r.status).toBe(201);
    expect(r.json.checked).toBe(false);
    expect(r.json.findings.map((f: { rule: string }) => f.rule)).toEqual(['UNCHECKED']);
    const item = (await call('GET', '/v1/reports?agency=miyun-kw')).json.items[0];
    expect(item).toMatchObject({ version: r.json.version, checked: false, unread: [{ table: 'applications' }] });
    const stored = await call('GET', `/v1/reports/miyun-kw/2021?version=${r.json.version}`);
    expect(stored.json.checked).toBe(false);
    const versions = await call('GET', '/v1/reports/miyun-kw/2021/versions');
    expect(versions.json.versions.map((v: { checked: boolean }) => v.checked)).toEqual([true, true, false]);
  });
});
