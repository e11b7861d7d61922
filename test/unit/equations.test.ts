import { describe, expect, it } from 'vitest';
import {
  APPLICANT_ROW_SUM,
  BALANCE,
  OTHER_HANDLING_2021,
  columnsHold,
  determinedCell,
  holds,
  resultTotal,
  reviewTotalsHold,
  rowGroups,
  rowTotalHolds,
  sides,
  solveFor,
} from '../../shared/model/equations';
import { APPLICANT_COLUMNS, resultRows } from '../../shared/model/keys';

describe("the format's equations, written once", () => {
  it('a table 三 row: 总计 is the six applicant columns; an unknown cell leaves it unchecked', () => {
    const row: Record<string, number | undefined> = { naturalPerson: 5, commercial: 1, research: 0, publicInterest: 0, legalService: 0, otherOrg: 2, total: 8 };
    expect(holds(APPLICANT_ROW_SUM, (c) => row[c])).toBe(true);
    expect(holds(APPLICANT_ROW_SUM, (c) => (c === 'total' ? 9 : row[c]))).toBe(false);
    expect(holds(APPLICANT_ROW_SUM, (c) => (c === 'research' ? undefined : row[c]))).toBeUndefined();
    expect(rowTotalHolds([5, 1, 0, 0, 0, 2, 8])).toBe(true);
    expect(rowTotalHolds([5, 1, 0, 0, 0, 2, 9])).toBe(false);
  });

  it('table 四: each of its three groups adds up on its own', () => {
    expect(reviewTotalsHold([1, 2, 0, 1, 4, 0, 0, 0, 0, 0, 3, 0, 0, 0, 3])).toBe(true);
    expect(reviewTotalsHold([1, 2, 0, 1, 4, 0, 0, 0, 0, 0, 3, 0, 0, 0, 4])).toBe(false);
  });

  it('the balance and the one cell it fixes when the other three are known', () => {
    const col = { newReceived: 10, carriedOver: 2, totalHandled: 11, carriedForward: 1 } as Record<string, number | undefined>;
    expect(holds(BALANCE, (r) => col[r])).toBe(true);
    expect(solveFor(BALANCE, 'carriedForward', (r) => (r === 'carriedForward' ? undefined : col[r]))).toBe(1);
    expect(solveFor(BALANCE, 'newReceived', (r) => (r === 'newReceived' || r === 'carriedOver' ? undefined : col[r]))).toBeUndefined();
  });

  it('（六）其他处理 printed as one row: its total stands for the unknown sub-rows in the result total', () => {
    expect(rowGroups('2021')).toEqual([OTHER_HANDLING_2021]);
    expect(rowGroups('2019')).toEqual([]);
    const rows = resultRows('2021').map((r) => r.key);
    // Every result row 1, the sub-rows unknown, their group total 3: the results add up to the rows' count.
    const value = (r: string) =>
      OTHER_HANDLING_2021.parts.includes(r) ? undefined : r === OTHER_HANDLING_2021.total ? 3 : r === 'totalHandled' ? rows.length : 1;
    expect(holds(resultTotal('2021'), value)).toBeUndefined();
    expect(sides(resultTotal('2021'), value, rowGroups('2021'))).toEqual([rows.length, rows.length]);
    expect(holds(resultTotal('2021'), (r) => (r === 'totalHandled' ? rows.length + 1 : value(r)), rowGroups('2021'))).toBe(false);
    // A sub-row is never solved from the group total that includes it.
    expect(solveFor(resultTotal('2021'), 'otherHandling.other', value, rowGroups('2021'))).toBeUndefined();
    expect(solveFor(resultTotal('2021'), 'granted', (r) => (r === 'granted' ? undefined : value(r)), rowGroups('2021'))).toBe(1);
  });

  it("the splitting's column check and the cell two equations fix differently stay undecided", () => {
    const rows: string[] = resultRows('2019').map((r) => r.key);
    const table = (r: string, _col: number) => (r === 'totalHandled' ? rows.length : r === 'newReceived' ? rows.length : rows.includes(r) ? 1 : 0);
    expect(columnsHold('2019', table)).toBe(true);
    expect(columnsHold('2019', (r, col) => (r === 'granted' && col === 3 ? 2 : table(r, col)))).toBe(false);
    // 总计 fixed by the results (the rows' count) and by the balance (one more): no value is given.
    const inconsistent = (r: string, col: number) => (r === 'totalHandled' ? undefined : r === 'newReceived' ? rows.length + 1 : table(r, col));
    expect(determinedCell('2019', 'totalHandled', 0, inconsistent)).toBeUndefined();
    expect(determinedCell('2019', 'totalHandled', 0, (r, col) => (r === 'totalHandled' ? undefined : table(r, col)))).toBe(rows.length);
    expect(APPLICANT_COLUMNS).toHaveLength(7);
  });
});
