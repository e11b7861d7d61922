import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkReport } from '../../shared/check/check-report';
import { ReportSchema } from '../../shared/model/report';
import { renderReport } from '../../shared/render/render-report';
import { goldenPath, readSample } from '../support/fixtures';

/**
 * Golden files for the real published report. They were generated once, read line by line
 * against the source text, and committed; `UPDATE_GOLDEN=1` rewrites them after a reviewed change.
 */
function golden(name: string, actual: string) {
  const path = goldenPath(name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  expect(existsSync(path), `${name} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

const result = await checkReport(readSample(), { filename: 'miyun-kw-2021.txt' });
if (result.error) throw new Error(result.error.message);

describe('the sample report (北京市密云区科学技术委员会 2021)', () => {
  it('reads the facts a person reads off the page', () => {
    const r = result.report;
    expect(r.agency).toBe('北京市密云区科学技术委员会');
    expect(r.year).toBe(2021);
    expect(r.format).toBe('2021');
    expect(ReportSchema.parse(r)).toEqual(r);
    if (r.format !== '2021' || !r.tables) throw new Error('the sample is a 2021-format report with tables');
    const t = r.tables.activeDisclosure;
    expect(t.normativeDocuments.inForce.value).toBe(4);
    expect(t.regulations.inForce.value).toBe(0);
    expect(r.sections.overview).toMatch(/^（一）加强组织领导/);
    expect(r.sections.overview).toMatch(/本年度无相关责任追究。$/);
    expect(r.sections.overview).not.toContain('主动公开政府信息情况');
    expect(r.sections.problems).toMatch(/^（一）反映工作过程的政府信息偏少/);
    expect(r.sections.other).toContain('实际收取总金额0元');
    expect(r.sections.applications).toBe('');
  });

  it('has no findings and no parser messages', () => {
    expect(result.findings).toEqual([]);
    expect(result.messages).toEqual([]);
  });

  it('matches the golden model JSON', () => golden('miyun-kw-2021.report.json', `${JSON.stringify(result.report, null, 2)}\n`));
  it('matches the golden findings', () => golden('miyun-kw-2021.findings.json', `${JSON.stringify(result.findings, null, 2)}\n`));
  it('matches the golden HTML page', () => golden('miyun-kw-2021.html', renderReport(result)));
});
