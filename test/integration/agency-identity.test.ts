import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layout } from '../support/document';
import { toText } from '../support/layouts';
import { ADMIN, client, freshArchive } from '../support/local';
import { buildReport, distinctNumbers } from '../support/sample-reports';

const TIANHE = { id: 'tianhe-edu', name: '广州市天河区教育局', region: '440106' };
const HAIDIAN = { id: 'haidian', name: '北京市海淀区人民政府', region: '110108' };

/** A consistent 2021-format report whose first line is the given title (and no signature). */
function reportTitled(title: string, agency: string, year: number): Buffer {
  const model = buildReport('2021', year, agency, distinctNumbers('2021'));
  const text = toText(layout(model, { titleOnOneLine: true }), 'tabRows');
  expect(text.startsWith(`${model.title}\n`)).toBe(true);
  return Buffer.from(`${title}\n${text.slice(model.title.length + 1)}`);
}

describe('whose report, which year: the token decides, the title cross-checks (广州市天河区教育局)', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let call: ReturnType<typeof client>;
  let tianhe: string;
  let haidian: string;

  beforeAll(async () => {
    archive = await freshArchive();
    call = client(archive.url);
    const t = await call('POST', '/v1/agencies', { token: ADMIN, json: TIANHE });
    const h = await call('POST', '/v1/agencies', { token: ADMIN, json: HAIDIAN });
    expect([t.status, h.status]).toEqual([201, 201]);
    tianhe = t.json.token;
    haidian = h.json.token;
  });
  afterAll(() => archive.close());

  const upload = (token: string, body: Buffer, query = '') => call('POST', `/v1/reports${query}`, { token, body, type: 'text/plain' });

  it.each([
    ['广州市天河区教育局政府信息公开工作2023年度报告', 2023],
    ['2023年度广州市天河区教育局政府信息公开工作年度报告', 2023],
    ['天河区教育局2024年政府信息公开工作年度报告', 2024],
  ])('accepts %s as the agency’s %i report', async (title, year) => {
    const r = await upload(tianhe, reportTitled(title, '广州市天河区教育局', year));
    expect(r.status, r.text).toBe(201);
    expect(r.json).toMatchObject({ agency: 'tianhe-edu', year, hasErrors: false });
    const stored = await call('GET', `/v1/reports/tianhe-edu/${year}`);
    expect(stored.json.report.title).toBe(title);
  });

  it('refuses 北京市海淀区人民政府办公室’s report for 北京市海淀区人民政府, naming both; the dry run says the same', async () => {
    const body = reportTitled('北京市海淀区人民政府办公室2023年政府信息公开工作年度报告', '北京市海淀区人民政府办公室', 2023);
    const r = await upload(haidian, body);
    expect(r.status).toBe(422);
    expect(r.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(r.json.type).toBe('urn:gongkai:problem:agency-mismatch');
    expect(r.json.detail).toContain('“北京市海淀区人民政府办公室”');
    expect(r.json.detail).toContain('“北京市海淀区人民政府”');
    const dry = await call('POST', `/v1/validate?agencyName=${encodeURIComponent(HAIDIAN.name)}`, { body, type: 'text/plain' });
    expect(dry.status).toBe(422);
    expect({ type: dry.json.type, detail: dry.json.detail }).toEqual({ type: r.json.type, detail: r.json.detail });
    expect((await call('GET', '/v1/reports?agency=haidian')).json.items).toEqual([]);
  });

  it('accepts a title that names no agency, with a warning', async () => {
    const r = await upload(tianhe, reportTitled('2021年政府信息公开工作年度报告', '广州市天河区教育局', 2021));
    expect(r.status, r.text).toBe(201);
    expect(r.json.year).toBe(2021);
    const warning = r.json.messages.find((m: { code: string }) => m.code === 'AGENCY_NOT_NAMED');
    expect(warning.level).toBe('warning');
    expect(warning.message).toContain('广州市天河区教育局');
  });

  it('no year anywhere: 422 year-missing asking for the year; ?year= supplies it; the dry run agrees', async () => {
    const body = reportTitled('广州市天河区教育局政府信息公开工作年度报告', '广州市天河区教育局', 2020);
    const missing = await upload(tianhe, body);
    expect(missing.status).toBe(422);
    expect(missing.json.type).toBe('urn:gongkai:problem:year-missing');
    // Words for the page's 年度 field; the field the API takes is named apart.
    expect(missing.json.detail).toContain('请填写报告年度');
    expect(missing.json.field).toBe('year');
    const dryMissing = await call('POST', '/v1/validate', { body, type: 'text/plain' });
    expect([dryMissing.status, dryMissing.json.type]).toEqual([422, 'urn:gongkai:problem:year-missing']);

    const supplied = await upload(tianhe, body, '?year=2020');
    expect(supplied.status, supplied.text).toBe(201);
    expect(supplied.json.year).toBe(2020);
    expect((await call('GET', '/v1/reports/tianhe-edu/2020')).json.report.year).toBe(2020);
    const dry = await call('POST', '/v1/validate?year=2020', { body, type: 'text/plain' });
    expect([dry.status, dry.json.report.year, dry.json.ok]).toEqual([200, 2020, true]);
  });

  it('a ?year= that contradicts the report: 422 year-mismatch, upload and dry run alike', async () => {
    const body = reportTitled('广州市天河区教育局2019年政府信息公开工作年度报告', '广州市天河区教育局', 2019);
    const r = await upload(tianhe, body, '?year=2018');
    expect(r.status).toBe(422);
    expect(r.json.type).toBe('urn:gongkai:problem:year-mismatch');
    expect(r.json.detail).toContain('2019');
    const dry = await call('POST', '/v1/validate?year=2018', { body, type: 'text/plain' });
    expect([dry.status, dry.json.detail]).toEqual([422, r.json.detail]);
    expect((await call('GET', '/v1/reports/tianhe-edu/2019')).status).toBe(404);
  });

  it.each([
    [{ id: 'g1', name: '人民政府' }, '通用称呼'],
    [{ id: 'g2', name: '政府办公室' }, '通用称呼'],
    [{ id: 'g3', name: '\u200b\u200b\u200b' }, '为空'],
    [{ id: 'g4', name: '“ ”' }, '为空'],
    [{ id: 'g5', name: '局' }, '至少应有 2 个汉字'],
    [{ id: 'g6', name: '广州市天河区人民政府', aliases: ['办公室'] }, '别名“办公室”是通用称呼'],
  ])('registration refuses %o', async (json, says) => {
    const r = await call('POST', '/v1/agencies', { token: ADMIN, json });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(r.json.detail).toContain(says);
    expect((await call('GET', `/v1/agencies/${json.id}`)).status).toBe(404);
  });
});
