import type { Finding } from '../model/findings';
import type { Cell } from '../model/report';
import { tablesAcrossYears, type Rule } from './rule';
import { applicationRow, isUnknown, n, tablesOf, type TableView } from '../model/table-access';

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

export const plausibility: Rule = {
  id: 'PLAUSIBILITY',
  check(report) {
    const t = tablesOf(report);
    if (!t) return [];
    const out: Finding[] = [];
    const regCount = Math.max(...Object.values(t.tables.activeDisclosure.regulations).map((c) => n(c)));
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
      const licensing = n(t.tables.activeDisclosure.licensing.decisions);
      if (licensing > 5000) {
        out.push({
          rule: 'PLAUSIBILITY',
          severity: 'warning',
          table: 'activeDisclosure',
          row: 'licensing',
          column: 'decisions',
          actual: licensing,
          message: `乡镇、街道的行政许可决定 ${licensing} 件，数量异常大，请核对`,
        });
      }
      const fees = t.format === '2021' ? n(t.tables.activeDisclosure.fees.amountWan) : 0;
      if (fees > 100) {
        out.push({
          rule: 'PLAUSIBILITY',
          severity: 'warning',
          table: 'activeDisclosure',
          row: 'fees',
          column: 'amountWan',
          actual: fees,
          message: `乡镇、街道的行政事业性收费 ${fees} 万元，数额异常大，请核对单位是否为万元`,
        });
      }
    }
    return out;
  },
};

const JUMP_FACTOR = 5;

/** ×5 jumps year on year in the headline figures (PLAUSIBILITY, cross-year part). */
export const plausibilityJump = tablesAcrossYears('PLAUSIBILITY', (now, before) => {
  const figures: [string, 'applications' | 'activeDisclosure', string, string, (t: TableView['tables']) => Cell][] = [
    ['本年新收申请', 'applications', 'newReceived', 'total', (t) => applicationRow(t, 'newReceived').total],
    ['行政许可决定', 'activeDisclosure', 'licensing', 'decisions', (t) => t.activeDisclosure.licensing.decisions],
    ['行政处罚决定', 'activeDisclosure', 'punishment', 'decisions', (t) => t.activeDisclosure.punishment.decisions],
  ];
  return figures.flatMap(([what, table, row, column, get]): Finding[] => {
    if (isUnknown(get(before.tables)) || isUnknown(get(now.tables))) return [];
    const a = n(get(before.tables));
    const b = n(get(now.tables));
    if (a < 10 && b < 10) return [];
    if (b <= a * JUMP_FACTOR && a <= b * JUMP_FACTOR) return [];
    return [
      {
        rule: 'PLAUSIBILITY',
        severity: 'warning',
        table,
        row,
        column,
        expected: a,
        actual: b,
        message: `${what}从上年的 ${a} 变为 ${b}，变化超过 ${JUMP_FACTOR} 倍，请核对`,
        against: { table, row, column },
      },
    ];
  });
});
