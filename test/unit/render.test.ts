import { describe, expect, it } from 'vitest';
import type { Report } from '../../shared/model/report';
import { renderReport } from '../../shared/render/render-report';
import { PAGE_CSP_META, PAGE_CSS } from '../../shared/render/page-style';
import { applicationRow } from '../../shared/model/table-access';
import { validate } from '../../shared/rules/validate';
import { buildReport, distinctNumbers } from '../support/sample-reports';
import { createHash } from 'node:crypto';
import { assertNoInjectedMarkup } from '../support/html-inspect';
import { defined } from '../support/defined';

const PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "javascript:alert('x')",
  '<a href="javascript:alert(1)">x</a>',
  '</title><svg onload=alert(1)>',
  '<style>body{display:none}</style>',
];

function hostile(p: string): Report {
  const r = buildReport('2021', 2022, '北京市人民政府', distinctNumbers('2021'));
  r.agency = `北京市${p}局`;
  r.title = `${r.agency}2022年政府信息公开工作年度报告`;
  r.preamble = p;
  for (const k of Object.keys(r.sections) as (keyof Report['sections'])[]) r.sections[k] = `第一段${p}\n第二段${p}`;
  applicationRow(r.tables as never, 'granted').naturalPerson = { value: null, raw: p };
  return r;
}

describe('the report page', () => {
  it.each(PAYLOADS)('escapes %s in every field: no markup, attribute or URL survives', (p) => {
    const html = renderReport({ report: hostile(p), findings: [], messages: [{ level: 'warning', code: 'X', message: p }] });
    const page = assertNoInjectedMarkup(html, expect);
    // The payload is still there, as text a reader sees.
    expect(page.text.split(p).length - 1).toBeGreaterThanOrEqual(10);
  });

  it('is a standalone HTML5 page with a strict policy and no external assets', () => {
    const r = buildReport('2021', 2022, '北京市人民政府', distinctNumbers('2021'));
    const html = renderReport({ report: r, findings: validate(r) });
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">/);
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
    expect(html).not.toContain('<script');
    const hash = createHash('sha256').update(PAGE_CSS).digest('base64');
    expect(PAGE_CSP_META).toContain(`style-src 'sha256-${hash}'`);
    expect(html).toContain(`content="${PAGE_CSP_META}"`);
    expect(html).toContain(`<style>${PAGE_CSS}</style>`);
    expect(html).toContain('@media print');
  });

  it('lays the tables out with captions, scoped headers and merged header cells', () => {
    const r = buildReport('2021', 2022, '北京市人民政府', distinctNumbers('2021'));
    const html = renderReport({ report: r, findings: [] });
    for (const c of ['表二 主动公开政府信息情况', '表三 收到和处理政府信息公开申请情况', '表四 政府信息公开行政复议、行政诉讼情况'])
      expect(html).toContain(`<caption>${c}</caption>`);
    expect(html).toContain('<th colspan="5" scope="colgroup">法人或其他组织</th>');
    expect(html).toContain('<th rowspan="22" scope="rowgroup">三、本年度办理结果</th>');
    expect(html).toContain('<th rowspan="8" scope="rowgroup" class="l2">（三）不予公开</th>');
    expect(html).toContain('<th colspan="5" scope="colgroup">未经复议直接起诉</th>');
    // Six sections, in order.
    const order = ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理', '四、政府信息公开行政复议', '五、存在的主要问题', '六、其他需要报告'].map(
      (h) => html.indexOf(h),
    );
    expect(order.every((v, i) => v > 0 && (i === 0 || v > defined(order[i - 1])))).toBe(true);
    expect(html).toContain('校验结果');
    expect(html).toContain('未发现问题');
  });

  it('highlights each finding on its cell and lists it at the top', () => {
    const r = buildReport('2021', 2022, '北京市人民政府', distinctNumbers('2021'));
    const row = applicationRow(r.tables as never, 'denied.stateSecret');
    row.total = { value: 999 };
    const findings = validate(r);
    const html = renderReport({ report: r, findings });
    expect(findings.map((f) => f.rule)).toEqual(['T3_ROW_TOTAL', 'T3_RESULT_TOTAL']);
    expect(html).toContain('校验结果：2 个错误，0 个提醒');
    expect(html).toContain('<td class="error" aria-describedby="f-0">999</td>');
    expect(html.match(/<td class="error"/g)).toHaveLength(2);
  });
});

describe('unread cells on the page', () => {
  it("show as unread (？), never as 0 or as a clerk's blank", () => {
    const r = buildReport('2021', 2022, '北京市人民政府', distinctNumbers('2021'));
    applicationRow(r.tables as never, 'granted').naturalPerson = { value: null };
    applicationRow(r.tables as never, 'granted').commercial = { value: null, raw: '693665' };
    applicationRow(r.tables as never, 'granted').research = { value: null, raw: '/' };
    const html = renderReport({ report: r, findings: validate(r) });
    const at = html.indexOf('scope="row" class="l2">（一）予以公开');
    const row = html.slice(at, html.indexOf('</tr>', at));
    const cells = [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]);
    expect(cells.slice(0, 3)).toEqual(['<span title="未读出">？</span>', '<span title="未读出">？</span>', '/']);
  });
});
