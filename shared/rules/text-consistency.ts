import type { Finding } from '../model/findings';
import { nfkc } from '../parse/normalize';
import type { Report } from '../model/report';
import type { Rule } from './rule';
import type { ApplicationRowKey, ReviewColumn, ReviewGroup } from '../model/keys';
import { applicationRow, sum, tablesOf, type TableView } from '../model/table-access';

/**
 * All prose of the report, NFKC'd so that full-width digits read as digits. Two rules read it, and
 * normalizing a whole report costs more than either's matching: the second reuses the first's
 * while the prose is the same.
 */
const normalized = new WeakMap<Report, { prose: string; text: string }>();
function fullText(r: Report): string {
  const prose = [r.preamble, ...Object.values(r.sections)].join('\n');
  const known = normalized.get(r);
  if (known?.prose === prose) return known.text;
  const text = nfkc(prose);
  normalized.set(r, { prose, text });
  return text;
}

interface TextClaim {
  what: string;
  pattern: RegExp;
  table: 'applications' | 'reviewLitigation' | 'activeDisclosure';
  row: string;
  column: string;
  /** the table's figure; undefined when the table does not have it or it could not be read */
  value: (t: TableView) => number | undefined;
  /** the text's figure, when it is not simply the first number matched */
  said?: (m: RegExpExecArray) => number;
}

const appTotal = (t: TableView, ...keys: ApplicationRowKey[]) => sum(keys.map((k) => applicationRow(t.tables, k).total));
const reviewSum = (t: TableView, column: ReviewColumn, groups: readonly ReviewGroup[]) => sum(groups.map((g) => t.tables.reviewLitigation[g][column]));
const SUITS = ['suitDirect', 'suitAfterReview'] as const;

// Phrases agencies use in the prose for the figures the tables also carry.
const CLAIMS: TextClaim[] = [
  {
    what: '本年新收申请',
    pattern: /(?:新收|收到|受理)(?:了)?(?:各类|依)?(?:政府信息公开)?(?:申请)?(?:共|共计|合计)?(\d+)(?:件|份)/,
    table: 'applications',
    row: 'newReceived',
    column: 'total',
    value: (t) => appTotal(t, 'newReceived'),
  },
  {
    what: '办结申请',
    pattern: /办结(?:了)?(?:各类)?(?:政府信息公开)?(?:申请)?(?:共|共计|合计)?(\d+)件/,
    table: 'applications',
    row: 'totalHandled',
    column: 'total',
    value: (t) => appTotal(t, 'totalHandled'),
  },
  {
    what: '予以公开和部分公开',
    pattern: /予以公开(?:及|和|与|、|或)部分公开(?:的)?(?:申请)?(?:共|共计|合计)?(\d+)件/,
    table: 'applications',
    row: 'granted',
    column: 'total',
    value: (t) => appTotal(t, 'granted', 'partiallyGranted'),
  },
  {
    what: '无法提供',
    pattern: /无法提供(?:的)?(?:申请|信息)?(?:共|共计|合计)?(\d+)件/,
    table: 'applications',
    row: 'unavailable.notHeld',
    column: 'total',
    value: (t) => appTotal(t, 'unavailable.notHeld', 'unavailable.needsCreation', 'unavailable.unclear'),
  },
  {
    what: '结转下年度',
    pattern: /结转(?:至|到)?下一?年度?(?:继续办理)?(?:的)?(?:申请)?(\d+)件/,
    table: 'applications',
    row: 'carriedForward',
    column: 'total',
    value: (t) => appTotal(t, 'carriedForward'),
  },
  {
    what: '行政复议',
    pattern: /(?:政府信息公开)?行政复议(?:申请|案件)?(?:共|共计)?(\d+)(?:件|起)/,
    table: 'reviewLitigation',
    row: 'review',
    column: 'total',
    value: (t) => reviewSum(t, 'total', ['review']),
  },
  {
    what: '行政诉讼',
    pattern: /(?:政府信息公开)?行政诉讼(?:案件)?(?:共|共计)?(\d+)(?:件|起)/,
    table: 'reviewLitigation',
    row: 'suitDirect',
    column: 'total',
    value: (t) => reviewSum(t, 'total', SUITS),
  },
  {
    // "行政复议2件、行政诉讼1件，均获维持": every one of them upheld.
    what: '结果维持的行政复议和行政诉讼',
    pattern: /行政复议(?:申请|案件)?(\d+)(?:件|起)[、，,和及]+(?:被提起)?行政诉讼(?:案件)?(\d+)(?:件|起)[，,]?(?:均|全部|都)(?:获|被|予以|得到)?维持/,
    table: 'reviewLitigation',
    row: 'review',
    column: 'upheld',
    value: (t) => reviewSum(t, 'upheld', ['review', ...SUITS]),
    said: (m) => Number(m[1]) + Number(m[2]),
  },
  {
    what: '制发规范性文件',
    pattern: /(?:制发|印发|制定)(?:行政)?规范性文件(\d+)件/,
    table: 'activeDisclosure',
    row: 'normativeDocuments',
    column: 'issued',
    value: (t) => (t.format === '2021' ? sum([t.tables.activeDisclosure.normativeDocuments.issued]) : undefined),
  },
];

export const textTable: Rule = {
  id: 'TEXT_TABLE',
  check(report) {
    const t = tablesOf(report);
    if (!t) return [];
    // Spaces around figures ("收到申请 53 件") are layout, not meaning.
    const text = fullText(report).replace(/[ \t\u00a0\u3000]+/g, '');
    return CLAIMS.flatMap((claim): Finding[] => {
      const m = claim.pattern.exec(text);
      const inTable = claim.value(t);
      if (!m || inTable === undefined) return [];
      const said = claim.said ? claim.said(m) : Number(m[1]);
      if (said === inTable) return [];
      return [
        {
          rule: 'TEXT_TABLE',
          severity: 'warning',
          table: claim.table,
          row: claim.row,
          column: claim.column,
          expected: inTable,
          actual: said,
          message: `正文写“${m[0]}”，但统计表中${claim.what}为 ${inTable} 件，请核对`,
        },
      ];
    });
  },
};

const PERIOD = /统计期限?(?:为|是|自|从)?(\d{4})年1月1日(?:起)?(?:至|到|-|—|~)(?:(\d{4})年)?12月31日/;
const SELF_REFERENCE = /(\d{4})年度?政府信息公开(?:工作)?年度报告/;
const SIGNED_DATE = /(?:^|\n)(\d{4})年\d{1,2}月\d{1,2}日\s*$/;

export const yearMismatch: Rule = {
  id: 'YEAR_MISMATCH',
  check(report) {
    const year = report.year;
    if (year === null) return [];
    const out: Finding[] = [];
    const text = fullText(report);
    const period = PERIOD.exec(text);
    for (const y of [period?.[1], period?.[2]]) {
      if (y && Number(y) !== year) {
        out.push({
          rule: 'YEAR_MISMATCH',
          severity: 'warning',
          expected: year,
          actual: Number(y),
          message: `标题是 ${year} 年度报告，但统计期限写的是 ${y} 年`,
        });
        break;
      }
    }
    const self = SELF_REFERENCE.exec(nfkc(report.preamble));
    if (self && Number(self[1]) !== year) {
      out.push({
        rule: 'YEAR_MISMATCH',
        severity: 'warning',
        expected: year,
        actual: Number(self[1]),
        message: `标题是 ${year} 年度报告，但开头说明写的是 ${self[1]} 年度报告`,
      });
    }
    const signed = SIGNED_DATE.exec(nfkc(report.sections.other));
    if (signed && (Number(signed[1]) < year || Number(signed[1]) > year + 1)) {
      out.push({
        rule: 'YEAR_MISMATCH',
        severity: 'warning',
        expected: year + 1,
        actual: Number(signed[1]),
        message: `落款日期是 ${signed[1]} 年，与 ${year} 年度报告不符（应在 ${year + 1} 年发布）`,
      });
    }
    return out;
  },
};

export const formatYear: Rule = {
  id: 'FORMAT_YEAR',
  check(report) {
    const y = report.year;
    if (y === null) return [];
    const expected = y >= 2021 ? '2021' : y >= 2019 ? '2019' : 'pre2019';
    if (expected === report.format) return [];
    const names = { '2021': '2021 版（国办公开办函〔2021〕30号）', '2019': '2019 版（国办公开办函〔2019〕60号）', pre2019: '2019 年以前的自由格式' };
    return [
      {
        rule: 'FORMAT_YEAR',
        severity: 'warning',
        expected,
        actual: report.format,
        message: `${y} 年度报告应使用${names[expected]}，但表格是${names[report.format]}`,
      },
    ];
  },
};
