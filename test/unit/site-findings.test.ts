import { describe, expect, it } from 'vitest';
import { type Finding, RULE_IDS } from '../../shared/model/findings';
import { explainRule, renderFindings } from '../../shared/site/plain-findings';
import { inspectHtml } from '../support/html-inspect';
import { PAYLOADS } from '../support/xss-payloads';

const finding = (rule: Finding['rule'], severity: Finding['severity'], message: string, table?: Finding['table']): Finding =>
  table ? { rule, severity, message, table } : { rule, severity, message };

describe('explainRule', () => {
  it('explains every rule in a Chinese sentence that does not just repeat the id', () => {
    for (const rule of RULE_IDS) {
      const text = explainRule(rule);
      expect(text.length, rule).toBeGreaterThan(10);
      expect(text, rule).toMatch(/[\u4e00-\u9fff]/);
      expect(text, rule).not.toContain(rule);
      expect(text.endsWith('。'), rule).toBe(true);
    }
  });

  it('names the figures a citizen sees in the table', () => {
    expect(explainRule('T3_BALANCE')).toContain('结转下年');
    expect(explainRule('UNCHECKED')).toContain('未经核对');
  });
});

describe('renderFindings', () => {
  const all = RULE_IDS.map((rule, i) => finding(rule, i % 2 ? 'warning' : 'error', `第 ${i} 条`, i % 3 === 0 ? 'applications' : undefined));

  it('puts every rule id after its plain explanation, never alone', () => {
    const html = renderFindings(all);
    const { text } = inspectHtml(html);
    for (const rule of RULE_IDS) {
      // Whole ids only: LATE is also the tail of BOILERPLATE.
      const at = text.search(new RegExp(`(?<![A-Z_])${rule}(?![A-Z_])`));
      expect(at, rule).toBeGreaterThan(0);
      const why = text.lastIndexOf(explainRule(rule), at);
      expect(why, rule).toBeGreaterThanOrEqual(0);
      // nothing but the link text and the label between the explanation and the id
      expect(text.slice(why + explainRule(rule).length, at).length, rule).toBeLessThan(20);
    }
    expect(html.match(/<span class="rule">/g)?.length).toBe(RULE_IDS.length);
  });

  it('says 错误 and 提醒 in words and counts them', () => {
    const html = renderFindings([finding('T3_BALANCE', 'error', 'a'), finding('PLAUSIBILITY', 'warning', 'b'), finding('T3_ROW_TOTAL', 'error', 'c')]);
    expect(html).toContain('2 个错误，1 个提醒');
    expect(inspectHtml(html).text.match(/错误：/g)?.length).toBe(2);
    expect(inspectHtml(html).text.match(/提醒：/g)?.length).toBe(1);
  });

  it('links a finding to its table on the page, and only when asked', () => {
    const f = [finding('T3_BALANCE', 'error', 'a', 'applications'), finding('YEAR_MISMATCH', 'warning', 'b')];
    const withLinks = inspectHtml(renderFindings(f)).attrs.filter(([k]) => k === 'href');
    expect(withLinks).toEqual([['href', '#t-applications']]);
    expect(inspectHtml(renderFindings(f, { cellLinks: false })).attrs.filter(([k]) => k === 'href')).toEqual([]);
  });

  it('gives each finding the id the marked cells point at', () => {
    const html = renderFindings([finding('T3_BALANCE', 'error', 'a'), finding('T3_BALANCE', 'error', 'b')]);
    expect(html).toContain('id="f-0"');
    expect(html).toContain('id="f-1"');
  });

  it('says so when there is nothing to report', () => {
    expect(inspectHtml(renderFindings([])).text).toContain('未发现问题');
  });

  it('escapes hostile messages', () => {
    for (const p of PAYLOADS) {
      const page = inspectHtml(renderFindings([finding('TEXT_TABLE', 'error', p, 'applications')]));
      expect(page.tags.filter((t) => !['section', 'h2', 'ol', 'li', 'strong', 'br', 'span', 'a'].includes(t))).toEqual([]);
      expect(page.attrs.filter(([k]) => k.startsWith('on') || k === 'src')).toEqual([]);
      expect(page.text).toContain(p);
    }
  });
});
