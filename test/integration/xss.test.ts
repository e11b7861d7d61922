import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertNoInjectedMarkup } from '../support/html-inspect';
import { ADMIN, client, freshArchive, readSample } from '../support/local';
import { PAYLOADS } from '../support/xss-payloads';

/**
 * Classic payloads planted through the API in every field a reader can see — agency name and
 * alias, section text, a table cell, the file name, an uploaded HTML page — then every public
 * response is checked: none survives as markup, attribute or URL.
 */
describe.each(PAYLOADS.map((p, i) => ({ p, i })))('payload $i: $p', ({ p, i }) => {
  let archive: Awaited<ReturnType<typeof freshArchive>>;
  let call: ReturnType<typeof client>;
  const id = `xss-${i}`;
  const name = `北京市${p}局`;

  beforeAll(async () => {
    archive = await freshArchive();
    call = client(archive.url);
    const reg = await call('POST', '/v1/agencies', { token: ADMIN, json: { id, name, aliases: [`别名${p}`], region: '110000' } });
    expect(reg.status).toBe(201);
    const token = reg.json.token;
    let text = readSample().toString('utf8').replaceAll('北京市密云区科学技术委员会', name);
    text = text.replace('（一）加强组织领导', `（一）加强组织领导${p}`).replace('实际收取总金额0元。', `实际收取总金额0元。${p}`);
    // A payload where a number belongs: it can never become a cell.
    const at = text.indexOf('行政许可');
    text = `${text.slice(0, text.indexOf('\t0', at))}\t${p}${text.slice(text.indexOf('\t0', at) + 2)}`;
    const up = await call('POST', `/v1/reports?filename=${encodeURIComponent(`${p.replace(/[/\\]/g, '')}.txt`)}`, {
      token,
      body: Buffer.from(text),
      type: 'text/plain',
    });
    expect(up.status, up.text).toBe(201);
    // And an HTML report whose own markup carries the payload.
    const html = `<html><body><h1>${name.replace(/</g, '&lt;')}2022年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>${p}</p><script>alert(2)</script><p>五、存在的主要问题及改进情况</p><p>无</p><p>六、其他需要报告的事项</p><p>无</p></body></html>`;
    const up2 = await call('POST', '/v1/reports?strict=false', { token, body: Buffer.from(html), type: 'text/html' });
    expect(up2.status, up2.text).toBe(201);
  });
  afterAll(() => archive.close());

  it('the rendered pages carry no injected markup, a strict CSP and nosniff', async () => {
    for (const year of [2021, 2022]) {
      const r = await call('GET', `/v1/reports/${id}/${year}/html`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-security-policy')).toMatch(
        /^default-src 'none'; style-src 'sha256-[^']+'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'$/,
      );
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      const page = assertNoInjectedMarkup(r.text, expect);
      if (year === 2021) expect(page.text).toContain(p);
    }
  });

  it('JSON responses are JSON with nosniff and no script policy', async () => {
    for (const path of [`/v1/reports/${id}/2021`, `/v1/reports/${id}/2021/versions`, `/v1/agencies/${id}`, `/v1/reports?agency=${id}`]) {
      const r = await call('GET', path);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    }
    const agency = await call('GET', `/v1/agencies/${id}`);
    expect(agency.json.name).toBe(name);
    expect(agency.json.aliases).toEqual([`别名${p}`]);
  });

  it('originals are attachments with their stored type, sandboxed, never active on our origin', async () => {
    const text = await call('GET', `/v1/reports/${id}/2021/original`);
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(text.headers.get('content-disposition')).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%._~!'()*-]+$/);
    const html = await call('GET', `/v1/reports/${id}/2022/original`);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(html.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    expect(html.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('the payload in a number cell is not a cell: the table shows it blank and says so', async () => {
    const r = await call('GET', `/v1/reports/${id}/2021`);
    expect(r.json.report.tables.activeDisclosure.licensing.decisions).toEqual({ value: null });
    expect(r.json.messages.some((m: { message: string }) => m.message.includes('“行政许可”一行应有 1 个数，只读到 0 个'))).toBe(true);
  });
});
