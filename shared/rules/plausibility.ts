import type { Finding } from '../model/findings';
import { tablesAcrossYears, type Rule } from './rule';
import { applicationRow, n, tablesOf, type Row, type Tables } from './table-access';

/**
 * 规章 may only be made by State Council departments and by the governments of provinces,
 * 设区的市 and 自治州 (立法法 第九十一、九十三条). A district, county or township body, or a
 * government department below the State Council, reporting 规章 has most likely misfiled
 * 规范性文件.
 */
function mayMakeRegulations(agency: string): boolean {
  if (/^(中华人民共和国|国务院|国家)/.test(agency) || /部$/.test(agency)) return true;
  if (/(区|县|旗|乡|镇|街道|办事处)人民政府$/.test(agency)) return false;
  return /人民政府$/.test(agency);
}

const TOWNSHIP = /(乡|镇|街道|办事处)(人民政府)?$/;
const disclosure = (t: Tables) => t.activeDisclosure as Record<string, Row>;

export const plausibility: Rule = {
  id: 'PLAUSIBILITY',
  check(report) {
    const t = tablesOf(report);
    if (!t) return [];
    const out: Finding[] = [];
    const regs = disclosure(t.tables).regulations!;
    const regCount = Math.max(...Object.values(regs).map((c) => n(c)));
    if (regCount > 0 && report.agency && !mayMakeRegulations(report.agency)) {
      out.push({
        rule: 'PLAUSIBILITY',
        severity: 'warning',
        table: 'activeDisclosure',
        row: 'regulations',
        actual: regCount,
        message: `${report.agency}不是有权制定规章的机关，但“规章”一行填了 ${regCount}：是否应填入“规范性文件”？`,
      });
    }
    if (TOWNSHIP.test(report.agency)) {
      const licensing = n(disclosure(t.tables).licensing?.decisions);
      if (licensing > 5000) {
        out.push({ rule: 'PLAUSIBILITY', severity: 'warning', table: 'activeDisclosure', row: 'licensing', column: 'decisions', actual: licensing, message: `乡镇、街道的行政许可决定 ${licensing} 件，数量异常大，请核对` });
      }
      const fees = t.format === '2021' ? n(disclosure(t.tables).fees?.amountWan) : 0;
      if (fees > 100) {
        out.push({ rule: 'PLAUSIBILITY', severity: 'warning', table: 'activeDisclosure', row: 'fees', column: 'amountWan', actual: fees, message: `乡镇、街道的行政事业性收费 ${fees} 万元，数额异常大，请核对单位是否为万元` });
      }
    }
    return out;
  },
};

const JUMP_FACTOR = 5;

/** ×5 jumps year on year in the headline figures (PLAUSIBILITY, cross-year part). */
export const plausibilityJump = tablesAcrossYears('PLAUSIBILITY', (now, before) => {
  const figures: [string, 'applications' | 'activeDisclosure', string, string, (t: Tables) => number][] = [
    ['本年新收申请', 'applications', 'newReceived', 'total', (t) => n(applicationRow(t, 'newReceived').total)],
    ['行政许可决定', 'activeDisclosure', 'licensing', 'decisions', (t) => n(disclosure(t).licensing?.decisions)],
    ['行政处罚决定', 'activeDisclosure', 'punishment', 'decisions', (t) => n(disclosure(t).punishment?.decisions)],
  ];
  return figures.flatMap(([what, table, row, column, get]): Finding[] => {
    const a = get(before.tables);
    const b = get(now.tables);
    if (a < 10 && b < 10) return [];
    if (b <= a * JUMP_FACTOR && a <= b * JUMP_FACTOR) return [];
    return [{ rule: 'PLAUSIBILITY', severity: 'warning', table, row, column, expected: a, actual: b, message: `${what}从上年的 ${a} 变为 ${b}，变化超过 ${JUMP_FACTOR} 倍，请核对` }];
  });
});
