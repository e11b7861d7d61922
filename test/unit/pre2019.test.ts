import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkReport } from '../../shared/check/check-report';
import { ReportSchema } from '../../shared/model/report';
import { fixturePath } from '../support/fixtures';

const r = await checkReport(readFileSync(fixturePath('pre2019-county-2017.txt')));
if (r.error) throw new Error(r.error.message);

describe('a pre-2019 report (no national tables)', () => {
  it('parses to text sections only, and is checked: there are no tables to read', () => {
    expect(r.checked).toBe(true);
    expect(r.unread).toEqual([]);
    expect(r.findings.map((f) => f.rule)).not.toContain('UNCHECKED');
    expect(r.report.format).toBe('pre2019');
    expect(r.report.tables).toBeNull();
    expect(r.report.agency).toBe('某某县人民政府办公室');
    expect(r.report.year).toBe(2017);
    expect(ReportSchema.parse(r.report)).toEqual(r.report);
  });

  it('maps the old headings onto the six sections', () => {
    const s = r.report.sections;
    expect(s.overview).toMatch(/^2017年，县政府办公室/);
    expect(s.activeDisclosure).toContain('主动公开政府信息1520条');
    expect(s.applications).toContain('受理政府信息公开申请12件');
    // The old 收费及减免 section has no place of its own; it stays with the section before it.
    expect(s.applications).toContain('本年度未收取任何费用');
    expect(s.reviewLitigation).toContain('本年度未发生');
    expect(s.problems).toMatch(/^主动公开的深度和广度还不够/);
    expect(s.other).toBe('无。\n某某县人民政府办公室\n2018年3月20日');
    expect(r.report.preamble).toContain('统计期限自2017年1月1日');
  });

  it('reads the statistics period and the signature block into meta', () => {
    expect(r.report.meta).toEqual({
      published: null,
      signed: '2018-03-20',
      signedBy: '某某县人民政府办公室',
      publisher: null,
      period: { from: '2017-01-01', to: '2017-12-31' },
    });
  });

  it('runs no table rules and finds nothing wrong', () => {
    expect(r.findings).toEqual([]);
    expect(r.ok).toBe(true);
  });
});
