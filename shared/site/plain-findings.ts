import type { Finding, RuleId } from '../model/findings';
import { TABLE_NAMES } from '../model/keys';
import { escapeHtml as e } from '../render/escape';

/**
 * What each check means, for a reader who has never seen the national format. A rule id is
 * jargon: the site shows it only after this sentence, in small print, so a clerk can look it up.
 */
const EXPLANATIONS: Record<RuleId, string> = {
  T3_BALANCE: '表三中“本年新收”加“上年结转”的申请，应等于本年“办理完的”（办理结果总计）加“结转下年的”。',
  T3_ROW_TOTAL: '表三每一行的“总计”，应等于自然人、商业企业、科研机构、社会公益组织、法律服务机构和其他这六类申请人之和。',
  T3_RESULT_TOTAL: '表三中“（七）总计”应等于（一）予以公开至（六）其他处理各项办理结果之和。',
  T4_GROUP_TOTAL: '表四中行政复议、行政诉讼各栏的“总计”，应等于结果维持、结果纠正、其他结果和尚未审结之和。',
  NON_NEGATIVE: '表格中的件数应是不小于 0 的整数，不能是负数或小数。',
  CARRY_OVER: '本年表三的“上年结转”，应等于上一年报告中的“结转下年度继续办理”。',
  STOCK_FLOW: '表二中本年“现行有效件数”，应等于上年现行有效件数加本年制发、减本年废止（2019 版表格：对外公开总数量、上一年项目数量与上年报告相衔接）。',
  TEXT_TABLE: '报告正文里写的数字，应与统计表里对应的数字一致。',
  YEAR_MISMATCH: '报告标题、统计期限和落款日期中的年份应当相互一致。',
  FORMAT_YEAR: '2020 年度及以前的报告用 2019 版统计表，2021 年度起用 2021 版统计表；这份报告用的表格与年度不符。',
  PLAUSIBILITY: '数字本身不违反勾稽关系，但与机关类型或上年相比明显异常，可能填错了单位或栏目，值得核对。',
  BOILERPLATE: '报告的叙述文字与本机关上一年的报告、或与同年其他机关的报告大部分相同，可能是照抄的。',
  UNCHECKED: '报告的表格未能完整读出，这些数字未经核对；相关的勾稽关系没有校验。',
  LATE: '《政府信息公开条例》第四十九条规定了年度报告的公布期限：县级以上人民政府部门每年 1 月 31 日前，县级以上人民政府每年 3 月 31 日前；这份报告公布得晚于期限。',
};

/** The report a cross-year or copied-text finding compared with, linked (its version, since it may be corrected later). */
function againstLink({ against: a }: Finding): string {
  if (!a?.agency || a.year === undefined) return '';
  const url = `/reports/${encodeURIComponent(a.agency)}/${a.year}${a.version ? `?version=${a.version}` : ''}`;
  return ` <a href="${e(url)}">对照：${e(a.agencyName ?? a.agency)} ${a.year} 年度报告${a.version ? `第 ${a.version} 版` : ''}</a>`;
}

export function explainRule(rule: RuleId): string {
  return EXPLANATIONS[rule];
}

export interface FindingsOptions {
  /** link each finding to its table on the same page (#t-applications); off when the tables are not shown */
  cellLinks?: boolean;
  /** the report's format: a pre-2019 report without findings has passed nothing table by table */
  format?: string;
}

/**
 * The findings of one report in words. Each item's id is `f-N`, N its index in `findings`, the same
 * id the marked cells of renderReportBody point at with aria-describedby.
 */
export function renderFindings(findings: Finding[], { cellLinks = true, format }: FindingsOptions = {}): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  if (findings.length === 0 && format === 'pre2019') {
    return '<section class="findings" aria-labelledby="findings-h"><h2 id="findings-h">校验结果：旧格式，表格未校验</h2><p>2019 年以前的报告没有全国统一的统计表，表格数字没有经过勾稽关系校验；其他各项检查未发现问题。</p></section>';
  }
  if (findings.length === 0) {
    return '<section class="findings ok" aria-labelledby="findings-h"><h2 id="findings-h">校验结果：通过</h2><p>表格勾稽关系和各项检查均未发现问题。</p></section>';
  }
  const items = findings
    .map((f, i) => {
      const word = f.severity === 'error' ? '错误' : '提醒';
      const link = cellLinks && f.table ? ` <a href="#t-${f.table}">查看${TABLE_NAMES[f.table]}</a>` : '';
      return `<li class="${f.severity}" id="f-${i}"><strong class="sev">${word}</strong>：${e(f.message)}<br><span class="why">${explainRule(f.rule)}</span>${link}${againstLink(f)} <span class="rule">检查项 ${f.rule}</span></li>`;
    })
    .join('');
  const head = `校验结果：${errors} 个错误，${warnings} 个提醒`;
  return `<section class="findings" aria-labelledby="findings-h"><h2 id="findings-h">${head}</h2><ol>${items}</ol></section>`;
}
