import { APPLICANT_COLUMNS, REVIEW_COLUMNS, REVIEW_GROUPS, applicationRows, disclosureBlocks, resultRows } from '../../shared/model/keys';
import { EMPTY_META } from '../../shared/model/empty-meta';
import type { Cell, Report } from '../../shared/model/report';
import { defined } from './defined';

const c = (value: number | null, raw?: string): Cell => (raw === undefined ? { value } : { value, raw });

export interface Numbers {
  /** per result row key, per applicant column (six, without total) */
  results: Record<string, number[]>;
  carriedOver: number[];
  carriedForward: number[];
  review: number[][]; // 3 groups × 4 (upheld, corrected, other, pending)
  disclosure: Record<string, number[]>;
}

/** A consistent report built from free numbers: every derived figure is computed here. */
export function buildReport(format: '2021' | '2019', year: number, agency: string, nums: Numbers, text: Partial<Report['sections']> = {}): Report {
  const rows = applicationRows(format);
  const applications: Record<string, unknown> = {};
  const put = (key: string, six: number[]) => {
    const row = Object.fromEntries(APPLICANT_COLUMNS.map((col, i) => [col, c(i < 6 ? defined(six[i]) : six.reduce((a, b) => a + b, 0))]));
    const [head, leaf] = key.split('.') as [string, string?];
    if (leaf) {
      applications[head] ??= {};
      (applications[head] as Record<string, unknown>)[leaf] = row;
    } else applications[head] = row;
  };
  const results = resultRows(format).map((r) => r.key);
  const handled = [0, 1, 2, 3, 4, 5].map((i) => results.reduce((s, k) => s + defined(defined(nums.results[k])[i]), 0));
  const newReceived = handled.map((h, i) => h + defined(nums.carriedForward[i]) - defined(nums.carriedOver[i]));
  for (const r of rows) {
    if (r.key === 'newReceived') put(r.key, newReceived);
    else if (r.key === 'carriedOver') put(r.key, nums.carriedOver);
    else if (r.key === 'totalHandled') put(r.key, handled);
    else if (r.key === 'carriedForward') put(r.key, nums.carriedForward);
    else put(r.key, defined(nums.results[r.key]));
  }
  const reviewLitigation = Object.fromEntries(
    REVIEW_GROUPS.map((g, gi) => {
      const four = defined(nums.review[gi]);
      return [g, Object.fromEntries(REVIEW_COLUMNS.map((col, ci) => [col, c(ci < 4 ? defined(four[ci]) : four.reduce((a, b) => a + b, 0))]))];
    }),
  );
  const activeDisclosure = Object.fromEntries(
    disclosureBlocks(format).flatMap((b) =>
      b.rows.map((row) => [row.key, Object.fromEntries(b.columns.map((col, i) => [col.key, c(defined(defined(nums.disclosure[row.key])[i]))]))]),
    ),
  );
  return {
    schemaVersion: 1,
    agency,
    year,
    format,
    title: `${agency}${year}年政府信息公开工作年度报告`,
    preamble: '本报告根据《中华人民共和国政府信息公开条例》编制。',
    meta: { ...EMPTY_META },
    sections: {
      overview: text.overview ?? `${year}年，本机关认真贯彻落实《条例》要求，推进政务公开工作。`,
      activeDisclosure: text.activeDisclosure ?? '',
      applications: text.applications ?? '',
      reviewLitigation: text.reviewLitigation ?? '',
      problems: text.problems ?? '信息公开的及时性有待提高。下一步将加强培训，完善工作机制。',
      other: text.other ?? '本年度未收取信息处理费。',
    },
    tables: { activeDisclosure, applications, reviewLitigation },
  } as Report;
}

/** Numbers where every cell differs, so a misplaced column cannot pass unnoticed. */
export function distinctNumbers(format: '2021' | '2019'): Numbers {
  let k = 1;
  const next = () => (k++ * 7) % 23;
  const results = Object.fromEntries(resultRows(format).map((r) => [r.key, [0, 1, 2, 3, 4, 5].map(next)]));
  const disclosure = Object.fromEntries(
    disclosureBlocks(format).flatMap((b) => b.rows.map((r) => [r.key, b.columns.map((col) => (col.signed ? -3 : col.decimal ? 12.5 : next()))])),
  );
  return {
    results,
    carriedOver: [2, 0, 1, 0, 0, 1],
    carriedForward: [1, 1, 0, 0, 0, 0],
    review: [
      [1, 2, 0, 1],
      [0, 1, 1, 0],
      [2, 0, 0, 1],
    ],
    disclosure,
  };
}
