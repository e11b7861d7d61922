import type { Finding } from '../model/findings';
import { APPLICANT_COLUMNS } from '../model/keys';
import { tablesAcrossYears, type Rule } from './rule';
import { estimateSimilarity, narrativeSignature } from './minhash';
import { applicationRow, columnLabel, isUnknown, n } from '../model/table-access';

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
            against: { table: 'applications', row: 'carriedForward', column: col },
          },
        ],
  );
});

const STOCK_NAMES = { regulations: '规章', normativeDocuments: '行政规范性文件' } as const;

/**
 * Stocks carried from one report to the next. 2021: 现行有效 this year = last year's 现行有效 +
 * 本年制发 − 本年废止. 2019: 对外公开总数量 this year = last year's + 本年新公开; and 上一年项目数量
 * this year = last year's 上一年项目数量 + its 本年增/减. Across a change of format the columns mean
 * different things, so nothing is compared.
 */
export const stockFlow = tablesAcrossYears('STOCK_FLOW', (now, before): Finding[] => {
  if (now.format === '2021' && before.format === '2021') {
    return (['regulations', 'normativeDocuments'] as const).flatMap((key): Finding[] => {
      const a = before.tables.activeDisclosure[key];
      const b = now.tables.activeDisclosure[key];
      if ([a.inForce, b.issued, b.repealed, b.inForce].some(isUnknown)) return [];
      const expected = n(a.inForce) + n(b.issued) - n(b.repealed);
      if (expected === n(b.inForce)) return [];
      return [
        stock(
          key,
          'inForce',
          expected,
          n(b.inForce),
          `${STOCK_NAMES[key]}：上年现行有效 ${n(a.inForce)} + 本年制发 ${n(b.issued)} − 本年废止 ${n(b.repealed)} = ${expected}，但本年现行有效填的是 ${n(b.inForce)}`,
        ),
      ];
    });
  }
  if (now.format !== '2019' || before.format !== '2019') return [];
  const out: Finding[] = [];
  for (const key of ['regulations', 'normativeDocuments'] as const) {
    const a = before.tables.activeDisclosure[key];
    const b = now.tables.activeDisclosure[key];
    if ([a.totalPublished, b.published, b.totalPublished].some(isUnknown)) continue;
    const expected = n(a.totalPublished) + n(b.published);
    if (expected === n(b.totalPublished)) continue;
    const name = key === 'regulations' ? '规章' : '规范性文件';
    out.push(
      stock(
        key,
        'totalPublished',
        expected,
        n(b.totalPublished),
        `${name}：上年对外公开总数量 ${n(a.totalPublished)} + 本年新公开 ${n(b.published)} = ${expected}，但本年对外公开总数量填的是 ${n(b.totalPublished)}`,
      ),
    );
  }
  const items = [
    ['licensing', '行政许可'],
    ['otherServices', '其他对外管理服务事项'],
    ['punishment', '行政处罚'],
    ['coercion', '行政强制'],
    ['fees', '行政事业性收费'],
  ] as const;
  for (const [key, name] of items) {
    const a = before.tables.activeDisclosure[key];
    const b = now.tables.activeDisclosure[key];
    if ([a.previousItems, a.change, b.previousItems].some(isUnknown)) continue;
    const expected = n(a.previousItems) + n(a.change);
    if (expected === n(b.previousItems)) continue;
    out.push({
      ...stock(
        key,
        'previousItems',
        expected,
        n(b.previousItems),
        `${name}：上年报告的上一年项目数量 ${n(a.previousItems)} 加本年增/减 ${n(a.change)} 为 ${expected}，本年“上一年项目数量”却是 ${n(b.previousItems)}`,
      ),
      against: { table: 'activeDisclosure', row: key, column: 'change' },
    });
  }
  return out;
});

const stock = (row: string, column: string, expected: number, actual: number, message: string): Finding => ({
  rule: 'STOCK_FLOW',
  severity: 'warning',
  table: 'activeDisclosure',
  row,
  column,
  expected,
  actual,
  message,
  against: { table: 'activeDisclosure', row, column },
});

/** The share of narrative shingles in common from which two reports count as copied (about three quarters of the text). */
export const BOILERPLATE_SHARE = 0.6;

/**
 * The narrative (总体情况, 问题及改进, 其他事项) nearly the same as last year's: MinHash estimates
 * over 5-character shingles, the same measure the archive uses between agencies of one year.
 */
export const boilerplate: Rule = {
  id: 'BOILERPLATE',
  needsPrevious: true,
  check(report, { previous }) {
    if (!previous) return [];
    const now = narrativeSignature(report);
    const before = now && narrativeSignature(previous);
    if (!now || !before) return [];
    const share = estimateSimilarity(now, before);
    if (share < BOILERPLATE_SHARE) return [];
    const pct = Math.round(share * 100);
    return [
      {
        rule: 'BOILERPLATE',
        severity: 'warning',
        expected: '与上年不同的内容',
        actual: `约 ${pct}% 相同`,
        message: `报告的叙述部分（总体情况、存在的主要问题及改进情况、其他需要报告的事项）与本机关上一年度报告约 ${pct}% 相同，是否照抄了上年内容？`,
      },
    ];
  },
};
