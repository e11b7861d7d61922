import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVIEW_COLUMNS, REVIEW_GROUPS } from '../../shared/model/keys';
import { MAX_BODY_BYTES } from '../../shared/http/types';
import { ADMIN, client, freshArchive, registerMiyun } from '../support/local';
import { pdfFixturePath, SCANNED_PDF } from '../support/pdf-fixtures';
import { UNREAD_ROW, UNREAD_ROW_KEYS, unreadRowVariant } from '../support/variants';
import { defined } from '../support/defined';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const zeros = Object.fromEntries(UNREAD_ROW_KEYS.map((k) => [k, 0]));

/**
 * Issue 15: the clerk types in what the file left unread. Through the real local servers: the
 * upload is 未能校验, the typed row makes version 2 of the same original, checked, with the cells
 * marked entered in the JSON, the page and the downloads; refusals write nothing.
 */
describe('typed cells for unread rows', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let call: ReturnType<typeof client>;
  let token: string;
  let other: string;
  const file = unreadRowVariant(41);
  const cellsOf = (n: number, cells: Record<string, unknown>, who = token) =>
    call('POST', `/v1/reports/miyun-kw/2021/versions/${n}/cells`, { token: who, json: { cells } });
  const versions = async () => (await call('GET', '/v1/reports/miyun-kw/2021/versions')).json.versions.map((v: { version: number }) => v.version).sort();

  beforeAll(async () => {
    archive = await freshArchive();
    call = client(archive.url);
    token = await registerMiyun(call);
    other = (await call('POST', '/v1/agencies', { token: ADMIN, json: { id: 'haidian', name: '北京市海淀区人民政府' } })).json.token;
    const up = await call('POST', '/v1/reports', { token, body: file, type: 'text/plain' });
    expect(up.status, up.text).toBe(201);
    expect(up.json).toMatchObject({ version: 1, checked: false });
  });
  afterAll(() => archive.close());

  it('the dry run takes typed cells beside the file and runs the same checks on them, storing nothing', async () => {
    const dry = async (cells: unknown) => {
      const form = new FormData();
      form.append('file', new Blob([file], { type: 'text/plain' }), 'miyun.txt');
      form.append('cells', JSON.stringify(cells));
      const res = await fetch(`${archive.url}/v1/validate?view=html`, { method: 'POST', body: form });
      return {
        status: res.status,
        json: (await res.json()) as { ok: boolean; html: string; type?: string; findings: { severity: string; rule: string }[] },
      };
    };
    const none = await dry({});
    expect(none.json).toMatchObject({ ok: false, checked: false, entered: [] });
    expect(none.json.html.match(/<input [^>]*class="cell-input"/g)).toHaveLength(UNREAD_ROW_KEYS.length);
    const typed = await dry(zeros);
    expect(typed.status).toBe(200);
    expect(typed.json).toMatchObject({ ok: true, checked: true, entered: UNREAD_ROW_KEYS, unread: [] });
    const wrong = await dry({ ...zeros, [`applications.${UNREAD_ROW}.total`]: 4 });
    expect(wrong.json.ok).toBe(false);
    expect(wrong.json.findings.some((f: { severity: string; rule: string }) => f.severity === 'error' && f.rule === 'T3_ROW_TOTAL')).toBe(true);
    const read = await dry({ 'applications.newReceived.total': 1 });
    expect([read.status, read.json.type]).toEqual([422, 'urn:gongkai:problem:cells-not-unread']);
    expect(await versions()).toEqual([1]);
  });

  it('refuses a cell the file did read, naming it, and writes nothing', async () => {
    const r = await cellsOf(1, { ...zeros, 'applications.newReceived.total': 12 });
    expect(r.status).toBe(422);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.json.type).toBe('urn:gongkai:problem:cells-not-unread');
    expect(r.json.cells).toEqual(['applications.newReceived.total']);
    expect(r.json.detail).toContain('一、本年新收政府信息公开申请数量');
    expect(r.json.detail).toContain('总计');
    expect(await versions()).toEqual([1]);
  });

  it('refuses keys outside the format and values that are not counts, with 400s', async () => {
    const unknown = await cellsOf(1, { 'applications.notARow.total': 1 });
    expect(unknown.status).toBe(400);
    expect(unknown.json.type).toBe('urn:gongkai:problem:cells-unknown');
    expect(unknown.json.cells).toEqual(['applications.notARow.total']);
    const negative = await cellsOf(1, { [`applications.${UNREAD_ROW}.total`]: -1 });
    expect(negative.status).toBe(400);
    expect(negative.json.type).toBe('urn:gongkai:problem:cells-bad-value');
    expect(negative.json.detail).toMatch(/[\u4e00-\u9fff]/);
    const text = await cellsOf(1, { [`applications.${UNREAD_ROW}.total`]: '4' });
    expect(text.status).toBe(400);
    const empty = await cellsOf(1, {});
    expect(empty.status).toBe(400);
    expect(empty.json.type).toBe('urn:gongkai:problem:cells-empty');
    expect(await versions()).toEqual([1]);
  });

  it("refuses another agency's token and the figures that do not add up (strict), writing nothing", async () => {
    expect((await cellsOf(1, zeros, other)).status).toBe(403);
    // 4 in the row's total, zeros elsewhere: the row no longer adds up, nor does the result total.
    const wrong = await cellsOf(1, { ...zeros, [`applications.${UNREAD_ROW}.total`]: 4 });
    expect(wrong.status).toBe(422);
    expect(wrong.json.type).toBe('urn:gongkai:problem:validation-failed');
    expect(wrong.json.findings.some((f: { severity: string }) => f.severity === 'error')).toBe(true);
    expect(await versions()).toEqual([1]);
  });

  it('makes version 2 of the same original, checked, with the typed cells marked entered', async () => {
    const r = await cellsOf(1, zeros);
    expect(r.status, r.text).toBe(201);
    expect(r.json).toMatchObject({ agency: 'miyun-kw', year: 2021, version: 2, checked: true, hasErrors: false, sha256: sha(file) });
    expect(r.json.entered).toEqual(UNREAD_ROW_KEYS);
    expect(r.json.findings.filter((f: { rule: string }) => f.rule === 'UNCHECKED')).toEqual([]);
    expect(r.headers.get('location')).toBe('/v1/reports/miyun-kw/2021?version=2');
    expect(await versions()).toEqual([1, 2]);

    const json = (await call('GET', '/v1/reports/miyun-kw/2021')).json;
    expect(json).toMatchObject({ version: 2, checked: true, entered: UNREAD_ROW_KEYS });
    expect(json.unread).toBeUndefined();
    expect(json.entries).toEqual([{ version: 2, at: expect.any(String), agency: 'miyun-kw', cells: UNREAD_ROW_KEYS }]);
    expect(json.report.tables.applications.unavailable.notHeld.total).toEqual({ value: 0, source: 'entered' });
    // A cell read from the file carries no source.
    expect(json.report.tables.applications.newReceived.total.source).toBeUndefined();
    // The same bytes are the original of both versions.
    const original = await call('GET', '/v1/reports/miyun-kw/2021/original?version=2');
    expect(sha(original.bytes)).toBe(sha(file));
    const first = (await call('GET', '/v1/reports/miyun-kw/2021?version=1')).json;
    expect(first).toMatchObject({ checked: false, entered: [] });
    expect(first.report.tables.applications.unavailable.notHeld.total.source).toBeUndefined();
  });

  it('shows the typed cells as typed on the page and in the downloads, and audits who typed them', async () => {
    const page = await call('GET', '/reports/miyun-kw/2021');
    expect(page.status).toBe(200);
    expect(page.text).toContain('由报送机关补录');
    expect(page.text.match(/data-source="entered"/g)).toHaveLength(UNREAD_ROW_KEYS.length);
    expect(page.text).toContain('0<span class="raw">（补录）</span>');

    const csv = (await call('GET', '/data/2021.csv')).text.replace(/^\uFEFF/, '').split('\r\n');
    const header = defined(csv[0]).split(',');
    const row = defined(csv[1]).split(',');
    expect(header.slice(-2)).toEqual(['unread', 'entered']);
    expect(row[header.indexOf('entered')]).toBe(UNREAD_ROW_KEYS.join(' '));
    expect(row[header.indexOf('unread')]).toBe('');
    expect(row[header.indexOf(`applications.${UNREAD_ROW}.total`)]).toBe('0');
    const data = (await call('GET', '/data/2021.json')).json;
    expect(data.reports[0]).toMatchObject({ version: 2, checked: true, entered: UNREAD_ROW_KEYS, unread: [] });

    const audit = (await call('GET', '/v1/audit?agency=miyun-kw&limit=50', { token: ADMIN })).json.items as {
      action?: string;
      outcome: string;
      status: number;
      version?: number;
      actor: string;
      problem?: string;
    }[];
    const typed = audit.filter((a) => a.action === 'enter-cells');
    expect(typed.find((a) => a.outcome === 'created')).toMatchObject({ status: 201, version: 2, actor: expect.stringMatching(/^token:[a-z0-9]{16}$/) });
    expect(typed.filter((a) => a.outcome === 'rejected').map((a) => a.problem)).toEqual(
      expect.arrayContaining(['cells-not-unread', 'cells-unknown', 'cells-bad-value', 'cells-empty', 'validation-failed']),
    );
  });

  it('refuses cells typed against a version that is no longer the newest, and cells already typed', async () => {
    const stale = await cellsOf(1, zeros);
    expect(stale.status).toBe(409);
    expect(stale.json.type).toBe('urn:gongkai:problem:version-not-latest');
    expect(stale.json.detail).toContain('第 2 版');
    const again = await cellsOf(2, zeros);
    expect(again.status).toBe(422);
    expect(again.json.type).toBe('urn:gongkai:problem:cells-not-unread');
    // The file sent again is the completed version's, not a step back.
    const repeat = await call('POST', '/v1/reports', { token, body: file, type: 'text/plain' });
    expect(repeat.status).toBe(200);
    expect(repeat.json).toMatchObject({ version: 2, checked: true });
    expect(await versions()).toEqual([1, 2]);
  });
});

describe('a large scan: stored through /v1/uploads with the year given, then completed table by table', () => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let call: ReturnType<typeof client>;
  let token: string;
  // The scan with padding after its end (readers ignore it): over the direct limit.
  const pdf = Buffer.concat([readFileSync(pdfFixturePath(SCANNED_PDF.file)), Buffer.from('\n%'), Buffer.alloc(MAX_BODY_BYTES + 1024, 0x20), Buffer.from('\n')]);
  const table4 = REVIEW_GROUPS.flatMap((g) => REVIEW_COLUMNS.map((c) => `reviewLitigation.${g}.${c}`));

  beforeAll(async () => {
    archive = await freshArchive();
    call = client(archive.url);
    const r = await call('POST', '/v1/agencies', { token: ADMIN, json: { id: 'mou-county', name: '某县人民政府', region: '110108' } });
    token = r.json.token;
  });
  afterAll(() => archive.close());

  it("/check may fetch from the site and PUT to the bucket's origin, and nowhere else; other pages fetch nothing", async () => {
    const check = await call('GET', '/check');
    const csp = defined(check.headers.get('content-security-policy'));
    expect(csp.split('; ').find((d) => d.startsWith('connect-src'))).toBe(`connect-src 'self' ${archive.s3.endpoint}`);
    expect(csp).toContain("script-src 'self'");
    const home = await call('GET', '/');
    expect(home.headers.get('content-security-policy')).not.toContain('connect-src');
  });

  it('takes the year and strict with the announcement, stores the scan unchecked, and takes table 四 typed in', async () => {
    const started = await call('POST', '/v1/uploads', {
      token,
      json: { filename: '某县2020年报.pdf', contentType: 'application/pdf', size: pdf.length, year: SCANNED_PDF.year, strict: false },
    });
    expect(started.status, started.text).toBe(201);
    const bad = await call('POST', '/v1/uploads', { token, json: { filename: 'a.pdf', contentType: 'application/pdf', size: 10, year: 1999 } });
    expect(bad.status).toBe(400);
    const put = await fetch(started.json.url, { method: 'PUT', body: pdf, headers: { 'content-type': 'application/pdf' } });
    expect(put.status).toBe(200);
    let done: { json: { status: string; result?: { version: number; checked: boolean } } } | undefined;
    for (let i = 0; i < 300 && done?.json.status !== 'stored'; i++) {
      done = await call('GET', `/v1/uploads/${started.json.id}`, { token });
      if (done.json.status === 'refused') throw new Error(JSON.stringify(done.json));
      await new Promise((res) => setTimeout(res, 50));
    }
    expect(done?.json.result).toMatchObject({ version: 1, checked: false });
    const stored = (await call('GET', '/v1/reports/mou-county/2020')).json;
    expect(stored.messages.map((m: { code: string }) => m.code)).toContain('IMAGE_ONLY');
    expect(stored.report.tables).toBeNull();

    const r = await call('POST', '/v1/reports/mou-county/2020/versions/1/cells', { token, json: { cells: Object.fromEntries(table4.map((k) => [k, 0])) } });
    expect(r.status, r.text).toBe(201);
    expect(r.json).toMatchObject({ version: 2, checked: false, entered: table4 });
    const completed = (await call('GET', '/v1/reports/mou-county/2020')).json;
    expect(completed.report.tables.reviewLitigation.review.total).toEqual({ value: 0, source: 'entered' });
    // What was not typed stays unread, never 0.
    expect(completed.report.tables.applications.newReceived.total).toEqual({ value: null });
    expect(completed.unread.map((u: { table: string }) => u.table)).toEqual(['activeDisclosure', 'applications']);
  }, 60_000);
});
