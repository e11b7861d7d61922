import type { Finding } from '../model/findings';
import { APPLICANT_COLUMNS } from '../model/keys';
import { tablesAcrossYears, type Rule } from './rule';
import { applicationRow, columnLabel, isUnknown, n } from './table-access';

export const carryOver = tablesAcrossYears('CARRY_OVER', (now, before) => {
  const carried = applicationRow(before.tables, 'carriedForward');
  const over = applicationRow(now.tables, 'carriedOver');
  return APPLICANT_COLUMNS.flatMap((col): Finding[] =>
    isUnknown(carried[col]) || isUnknown(over[col]) || n(carried[col]) === n(over[col])
      ? []
      : [
          {
            rule: 'CARRY_OVER',
            severity: 'warning',
            table: 'applications',
            row: 'carriedOver',
            column: col,
            expected: n(carried[col]),
            actual: n(over[col]),
            message: `表三 ${columnLabel(col)} 列：上年报告“结转下年度继续办理”为 ${n(carried[col])}，本年“上年结转”却是 ${n(over[col])}`,
          },
        ],
  );
});

export const stockFlow = tablesAcrossYears('STOCK_FLOW', (now, before) => {
  if (now.format !== '2021' || before.format !== '2021') return [];
  return (['regulations', 'normativeDocuments'] as const).flatMap((key): Finding[] => {
    const a = before.tables.activeDisclosure[key];
    const b = now.tables.activeDisclosure[key];
    if ([a.inForce, b.issued, b.repealed, b.inForce].some(isUnknown)) return [];
    const expected = n(a.inForce) + n(b.issued) - n(b.repealed);
    if (expected === n(b.inForce)) return [];
    const name = key === 'regulations' ? '规章' : '行政规范性文件';
    return [
      {
        rule: 'STOCK_FLOW',
        severity: 'warning',
        table: 'activeDisclosure',
        row: key,
        column: 'inForce',
        expected,
        actual: n(b.inForce),
        message: `${name}：上年现行有效 ${n(a.inForce)} + 本年制发 ${n(b.issued)} − 本年废止 ${n(b.repealed)} = ${expected}，但本年现行有效填的是 ${n(b.inForce)}`,
      },
    ];
  });
});

/** Character 4-gram Jaccard similarity; cheap and insensitive to reflowed lines. */
export function similarity(a: string, b: string): number {
  const grams = (s: string) => {
    const t = s.replace(/\s+/g, '');
    const set = new Set<string>();
    for (let i = 0; i + 4 <= t.length; i++) set.add(t.slice(i, i + 4));
    return set;
  };
  const x = grams(a);
  const y = grams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let common = 0;
  for (const g of x) if (y.has(g)) common++;
  return common / (x.size + y.size - common);
}

const BOILERPLATE_THRESHOLD = 0.9;

export const boilerplate: Rule = {
  id: 'BOILERPLATE',
  needsPrevious: true,
  check(report, { previous }) {
    if (!previous) return [];
    return (['overview', 'problems'] as const).flatMap((key): Finding[] => {
      const now = report.sections[key];
      if (now.length < 100) return [];
      const s = similarity(now, previous.sections[key]);
      if (s < BOILERPLATE_THRESHOLD) return [];
      const name = key === 'overview' ? '总体情况' : '存在的主要问题及改进情况';
      return [
        {
          rule: 'BOILERPLATE',
          severity: 'warning',
          expected: '与上年不同的内容',
          actual: `${Math.round(s * 100)}% 相同`,
          message: `“${name}”与上年报告的文字 ${Math.round(s * 100)}% 相同，是否照抄了上年内容？`,
        },
      ];
    });
  },
};
